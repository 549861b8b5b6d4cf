// The Bot API emulator for QuizBot's end-to-end tests: telegram-test-api on 127.0.0.1:<port>.
// Usage: node --unhandled-rejections=warn server.js <port>
// (without that flag one malformed request from the bot kills the emulator mid-test).
'use strict';

const TelegramServer = require('telegram-test-api');

// The emulator answers answerCallbackQuery and forgets it, so a test could never see a toast. This wrapper
// records each call (callback_query_id, text) before the emulator answers it, and serves the record at
// POST /callbackAnswers {"token": T}. It uses the express that telegram-test-api itself depends on.
const express = require(require.resolve('express', { paths: [require.resolve('telegram-test-api')] }));

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('usage: node --unhandled-rejections=warn server.js <port>');
  process.exit(2);
}

const host = '127.0.0.1';
const server = new TelegramServer({ port, host, storeTimeout: 600 });

const callbackAnswers = [];
const emulator = server.webServer;
const front = express();
front.all('/bot:token/answerCallbackQuery', express.json(), express.urlencoded({ extended: true }), (req, _res, next) => {
  callbackAnswers.push({ token: req.params.token, time: Date.now(), ...req.body });
  next();
});
front.post('/callbackAnswers', express.json(), (req, res) => {
  res.json({ ok: true, result: callbackAnswers.filter((a) => a.token === req.body.token) });
});
// In webhook mode the emulator posts a press straight to the bot and keeps no record of it, so the test could
// not learn the callback_query_id the bot saw. Record each press with the id the emulator is about to give it
// (its counter, read before it handles the press) at POST /presses {"token": T}.
const presses = [];
front.post('/sendCallback', express.json(), (req, _res, next) => {
  const body = req.body || {};
  presses.push({
    token: body.botToken,
    callbackId: String(server.callbackId),
    fromId: body.from && body.from.id,
    messageId: body.message && body.message.message_id,
    data: body.data,
  });
  next();
});
front.post('/presses', express.json(), (req, res) => {
  res.json({ ok: true, result: presses.filter((p) => p.token === req.body.token) });
});
front.use(emulator);

// The emulator posts updates to a webhook without the secret_token that setWebhook gave it; Telegram sends it in
// a header on every delivery. Add it, so the service's secret check is exercised as in production.
const axios = require(require.resolve('axios', { paths: [require.resolve('telegram-test-api')] }));
axios.interceptors.request.use((config) => {
  const hook = Object.values(server.webhooks).find((w) => w.url === config.url);
  if (hook && hook.secret_token) config.headers['X-Telegram-Bot-Api-Secret-Token'] = hook.secret_token;
  return config;
});
// start() serves whatever webServer holds, so the recorder sits in front of every emulator route.
server.webServer = front;

server.start().then(
  () => console.log(`telegram-test-api listening on http://${host}:${port}`),
  (error) => {
    console.error(`telegram-test-api could not start on ${host}:${port}: ${error.message}`);
    process.exit(1);
  },
);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.stop().finally(() => process.exit(0)));
}
