// The Bot API emulator for QuizBot's end-to-end tests: telegram-test-api on 127.0.0.1:<port>.
// Usage: node --unhandled-rejections=warn server.js <port>
// (without that flag one malformed request from the bot kills the emulator mid-test).
//
// telegram-test-api plays the user's side well, but its bot side answers in its own shapes: dates in
// milliseconds, `result: null` where Telegram answers the Message or `true`, errors as HTTP 500 {message} or as
// HTTP 200 with ok:false, getUpdates that ignores offset/limit/timeout, and no setMyCommands, getWebhookInfo or
// sendChatAction. A client library that follows the Bot API (Telegram.Bot) rightly fails on those. This wrapper
// sits in front of it and answers every bot call as https://core.telegram.org/bots/api specifies, so the quirks
// stay here and never reach the product.
'use strict';

const TelegramServer = require('telegram-test-api');

// The express and axios that telegram-test-api itself depends on.
const express = require(require.resolve('express', { paths: [require.resolve('telegram-test-api')] }));
const axios = require(require.resolve('axios', { paths: [require.resolve('telegram-test-api')] }));

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('usage: node --unhandled-rejections=warn server.js <port>');
  process.exit(2);
}

const host = '127.0.0.1';
const server = new TelegramServer({ port, host, storeTimeout: 600 });
const emulator = server.webServer;
const front = express();
const parse = [express.json({ limit: '10mb' }), express.urlencoded({ extended: true })];

// ---- Bot API shapes ---------------------------------------------------------------------------------------

const seconds = (time) => Math.floor(Number(time) / 1000);

/** A date as Unix seconds, whether it came in seconds or (telegram-test-api's way) in milliseconds. */
const unixSeconds = (date, fallbackMillis) => {
  const value = Number(date);
  if (!Number.isFinite(value) || value <= 0) return seconds(fallbackMillis ?? Date.now());
  return value > 1e11 ? seconds(value) : Math.floor(value);
};

/** The bot's own user: Telegram's bot id is the token's number. */
const botUser = (token) => ({
  id: Number(String(token).split(':')[0]) || 666,
  is_bot: true,
  first_name: 'QuizBot Test',
  username: 'TestNameBot',
});

// Private chats as their users introduced them (name and all), from the updates the users sent.
const knownChats = new Map();
const chatOf = (id) => {
  const chatId = Number(id);
  const known = knownChats.get(chatId);
  if (known) return known;
  if (chatId > 0) return { id: chatId, type: 'private' };
  return { id: chatId, type: chatId <= -1e12 ? 'supergroup' : 'group', title: `Chat ${chatId}` };
};
const rememberChat = (chat) => {
  if (!chat || !Number.isFinite(Number(chat.id))) return;
  const id = Number(chat.id);
  const clean = { id, type: chat.type || (id > 0 ? 'private' : 'group') };
  for (const key of ['title', 'username', 'first_name', 'last_name']) if (chat[key] !== undefined) clean[key] = chat[key];
  knownChats.set(id, clean);
};

const decodeHtml = (text) => text
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
  .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
  .replace(/&amp;/g, '&');

/** The text as Telegram keeps it: after entity parsing, so without the HTML tags (the entities are left out). */
const plainText = (text, parseMode) => {
  const value = text === undefined || text === null ? '' : String(text);
  return String(parseMode || '').toLowerCase() === 'html' ? decodeHtml(value.replace(/<[^>]*>/g, '')) : value;
};

const parseJson = (value) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
};

const inlineKeyboard = (markup) => {
  const parsed = parseJson(markup);
  return parsed && Array.isArray(parsed.inline_keyboard) ? { inline_keyboard: parsed.inline_keyboard } : undefined;
};

/** One of the bot's stored messages (telegram-test-api's record) as the Bot API's Message. */
const messageOf = (stored) => {
  const m = stored.message;
  const message = {
    message_id: stored.messageId,
    from: botUser(stored.botToken),
    chat: chatOf(m.chat_id),
    date: seconds(stored.time),
    text: plainText(m.text, m.parse_mode),
  };
  if (stored.editedAt) message.edit_date = seconds(stored.editedAt);
  const keyboard = inlineKeyboard(m.reply_markup);
  if (keyboard) message.reply_markup = keyboard;
  return message;
};

const findBotMessage = (token, chatId, messageId) => server.storage.botMessages.find((u) => u.botToken === token
  && String(u.messageId) === String(messageId) && String(u.message.chat_id) === String(chatId));

/** The user's message in an update, as Telegram sends it: no emulator fields, date in seconds, a full chat. */
const userMessage = (message, fallbackMillis) => {
  const { botToken: _token, ...rest } = message || {};
  rememberChat(rest.chat);
  return { ...rest, chat: rest.chat ? chatOf(rest.chat.id) : rest.chat, date: unixSeconds(rest.date, fallbackMillis) };
};

/** An update as telegram-test-api formats it, corrected to the Bot API's Update. */
const conformUpdate = (update, token, fallbackMillis) => {
  if (!update || typeof update !== 'object') return update;
  if (update.callback_query) {
    const query = update.callback_query;
    const given = query.message || {};
    const chatId = given.chat && given.chat.id;
    const stored = findBotMessage(token, chatId, given.message_id);
    // A message the bot never sent (or one too old) is an InaccessibleMessage: date 0.
    const message = stored ? messageOf(stored) : { message_id: Number(given.message_id), chat: chatOf(chatId), date: 0 };
    const from = { ...(query.from || {}) };
    return {
      update_id: update.update_id,
      callback_query: {
        id: String(query.id),
        from,
        message,
        chat_instance: String(chatId ?? from.id ?? 0),
        data: query.data,
      },
    };
  }
  if (update.message) return { update_id: update.update_id, message: userMessage(update.message, fallbackMillis) };
  return update;
};

// Remember who the users are before telegram-test-api takes their message, so the bot's answers name the chat.
for (const path of ['/sendMessage', '/sendCommand']) {
  front.post(path, parse, (req, _res, next) => {
    if (req.body && req.body.chat) rememberChat(req.body.chat);
    next();
  });
}

// ---- Recorders for the tests ------------------------------------------------------------------------------

// The emulator answers answerCallbackQuery and forgets it, so a test could never see a toast. Each call
// (callback_query_id, text) is recorded before it is answered, and served at POST /callbackAnswers {"token": T}.
const callbackAnswers = [];
front.post('/callbackAnswers', parse, (req, res) => {
  res.json({ ok: true, result: callbackAnswers.filter((a) => a.token === req.body.token) });
});

// In webhook mode the emulator posts a press straight to the bot and keeps no record of it, so the test could
// not learn the callback_query_id the bot saw. Record each press with the id the emulator is about to give it
// (its counter, read before it handles the press) at POST /presses {"token": T}.
const presses = [];
front.post('/sendCallback', parse, (req, _res, next) => {
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
front.post('/presses', parse, (req, res) => {
  res.json({ ok: true, result: presses.filter((p) => p.token === req.body.token) });
});

// setMyCommands calls, in order, at POST /myCommands {"token": T}: [{commands, scope, language_code, time}].
const myCommands = [];
front.post('/myCommands', parse, (req, res) => {
  res.json({ ok: true, result: myCommands.filter((c) => c.token === req.body.token).map(({ token: _t, ...call }) => call) });
});

// ---- The bot's side ---------------------------------------------------------------------------------------

class BotApiError extends Error {
  constructor(code, description, parameters) {
    super(description);
    this.code = code;
    this.parameters = parameters;
  }
}
const badRequest = (description) => new BotApiError(400, `Bad Request: ${description}`);

const fail = (res, code, description, parameters) => {
  const body = { ok: false, error_code: code, description };
  if (parameters) body.parameters = parameters;
  res.status(code).json(body);
};
const succeed = (res, result) => res.status(200).json({ ok: true, result });

const requireChatId = (params) => {
  if (params.chat_id === undefined || params.chat_id === null || params.chat_id === '') throw badRequest('chat_id is empty');
  if (!Number.isFinite(Number(params.chat_id))) throw badRequest('chat not found');
};

const MAX_TEXT = 4096;
const checkText = (params) => {
  const text = plainText(params.text, params.parse_mode);
  if (text.trim().length === 0) throw badRequest('message text is empty');
  if ([...text].length > MAX_TEXT) throw badRequest('message is too long');
};

const checkMarkup = (params) => {
  if (params.reply_markup === undefined) return;
  const markup = parseJson(params.reply_markup);
  if (!markup || typeof markup !== 'object') throw badRequest("can't parse reply keyboard markup JSON object");
  if (markup.inline_keyboard === undefined) return;
  if (!Array.isArray(markup.inline_keyboard) || !markup.inline_keyboard.every(Array.isArray)) {
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  }
  for (const button of markup.inline_keyboard.flat()) {
    if (!button || typeof button.text !== 'string' || button.text.length === 0) throw badRequest('BUTTON_TEXT_INVALID');
    if (button.callback_data !== undefined) {
      const bytes = Buffer.byteLength(String(button.callback_data), 'utf8');
      if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
    }
  }
};

const editedMessage = (token, params) => {
  if (params.inline_message_id !== undefined) throw badRequest('inline messages are not emulated');
  requireChatId(params);
  const stored = findBotMessage(token, params.chat_id, params.message_id);
  if (!stored) throw badRequest('message to edit not found');
  return stored;
};

const hasPending = (token) => server.storage.userMessages.some((u) => u.botToken === token && !u.confirmed);
const confirmPending = (token, below) => {
  for (const u of server.storage.userMessages) {
    if (u.botToken === token && (below === undefined || u.updateId < below)) u.confirmed = true;
  }
};

const COMMAND = /^[a-z0-9_]{1,32}$/;

// Each method: before(token, params) checks the call and answers it itself (a result, or undefined to let
// telegram-test-api do its part); after(token, params, body) turns telegram-test-api's answer into the Bot API's.
// After an edit: Telegram drops the inline keyboard of a message edited without one (telegram-test-api keeps it,
// and ignores a reply-markup edit without one), and answers the edited Message.
function afterEdit(token, params) {
  const stored = findBotMessage(token, params.chat_id, params.message_id);
  if (!inlineKeyboard(params.reply_markup)) delete stored.message.reply_markup;
  stored.editedAt = Date.now();
  return messageOf(stored);
}

const methods = {
  getme: { before: (token) => botUser(token) },
  sendmessage: {
    before: (_token, params) => {
      requireChatId(params);
      checkText(params);
      checkMarkup(params);
    },
    after: (token, _params, body) => messageOf(findBotMessage(token, body.result.chat.id, body.result.message_id)),
  },
  editmessagetext: {
    before: (token, params) => {
      editedMessage(token, params);
      checkText(params);
      checkMarkup(params);
    },
    after: (token, params) => afterEdit(token, params),
  },
  editmessagereplymarkup: {
    before: (token, params) => {
      editedMessage(token, params);
      checkMarkup(params);
    },
    after: (token, params) => afterEdit(token, params),
  },
  // telegram-test-api would delete a button press that happens to share the message's number (a callback
  // query is no message) and drop a user's message from the pending updates; Telegram does neither.
  deletemessage: {
    before: (token, params) => {
      requireChatId(params);
      const stored = findBotMessage(token, params.chat_id, params.message_id);
      if (stored) {
        server.storage.botMessages = server.storage.botMessages.filter((u) => u !== stored);
        return true;
      }
      const users = server.storage.userMessages.some((u) => u.botToken === token && u.message && !u.callbackQuery
        && String(u.messageId) === String(params.message_id) && String(u.message.chat && u.message.chat.id) === String(params.chat_id));
      if (users) return true;
      throw badRequest('message to delete not found');
    },
  },
  answercallbackquery: {
    before: (token, params) => {
      if (!params.callback_query_id) throw badRequest('QUERY_ID_INVALID');
      if (params.text !== undefined && [...String(params.text)].length > 200) throw badRequest('MESSAGE_TOO_LONG');
      callbackAnswers.push({ token, time: Date.now(), ...params });
    },
    after: () => true,
  },
  setwebhook: {
    before: (token, params) => {
      if (!params.url) throw badRequest('bad webhook: URL must not be empty');
      if (params.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(params.secret_token))) {
        throw badRequest('secret token contains unallowed characters');
      }
      if (String(params.drop_pending_updates) === 'true') confirmPending(token);
    },
    after: () => true,
  },
  deletewebhook: {
    before: (token, params) => {
      if (String(params.drop_pending_updates) === 'true') confirmPending(token);
    },
    after: () => true,
  },
  getwebhookinfo: {
    before: (token) => {
      const hook = server.webhooks[token];
      const pending = server.storage.userMessages.filter((u) => u.botToken === token && !u.confirmed).length;
      const info = { url: hook ? String(hook.url) : '', has_custom_certificate: false, pending_update_count: pending };
      if (hook && hook.max_connections !== undefined) info.max_connections = Number(hook.max_connections);
      if (hook && hook.allowed_updates !== undefined) info.allowed_updates = parseJson(hook.allowed_updates);
      return info;
    },
  },
  setmycommands: {
    before: (token, params) => {
      const commands = parseJson(params.commands);
      if (!Array.isArray(commands) || commands.length > 100) throw badRequest('BOT_COMMANDS_TOO_MUCH');
      for (const c of commands) {
        if (!c || !COMMAND.test(String(c.command))) throw badRequest('BOT_COMMAND_INVALID');
        const description = c.description === undefined ? '' : String(c.description);
        if ([...description].length < 1 || [...description].length > 256) throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
      }
      myCommands.push({
        token,
        time: Date.now(),
        commands,
        scope: parseJson(params.scope) ?? { type: 'default' },
        language_code: params.language_code ?? '',
      });
      return true;
    },
  },
  sendchataction: {
    before: (_token, params) => {
      requireChatId(params);
      if (!params.action) throw badRequest('wrong parameter action in request');
      return true;
    },
  },
};

/**
 * getUpdates as Telegram does it: an update stays until a call with a higher offset confirms it; limit 1–100;
 * the call waits up to `timeout` seconds for news; refused while a webhook is set. (telegram-test-api hands
 * every update out once, at once, whatever the offset.) Updates stay in its storage for getUpdatesHistory.
 */
const getUpdates = async (token, params, res) => {
  if (server.webhooks[token]) {
    throw new BotApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
  }
  const offset = Number(params.offset ?? 0) || 0;
  const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100) || 100));
  const timeout = Math.min(50, Math.max(0, Number(params.timeout ?? 0) || 0));
  const unconfirmed = () => server.storage.userMessages
    .filter((u) => u.botToken === token && !u.confirmed)
    .sort((a, b) => a.updateId - b.updateId);
  if (offset > 0) {
    confirmPending(token, offset);
  } else if (offset < 0) {
    const all = unconfirmed();
    for (const u of all.slice(0, Math.max(0, all.length + offset))) u.confirmed = true;
  }
  if (timeout > 0 && unconfirmed().length === 0) {
    await new Promise((resolve) => {
      const events = ['AddedUserMessage', 'AddedUserCommand', 'AddedUserCallbackQuery'];
      const done = () => {
        clearTimeout(timer);
        for (const e of events) server.off(e, done);
        res.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, timeout * 1000);
      for (const e of events) server.on(e, done);
      // The bot gave up (or was killed): stop waiting for it.
      res.on('close', done);
    });
  }
  return unconfirmed().slice(0, limit).map((u) => {
    u.isRead = true;
    return conformUpdate(TelegramServer.formatUpdate(u), token, u.time);
  });
};

/** telegram-test-api's error answers (HTTP 500 {message}, or HTTP 200 ok:false) as Telegram's. */
const conformError = (status, body) => {
  if (body && body.ok === false) {
    const code = Number(body.error_code) || (status >= 400 ? status : 400);
    return { code, description: String(body.description || 'Bad Request') };
  }
  const message = String((body && body.message) || 'Internal Server Error');
  if (message.startsWith('API method')) return { code: 404, description: 'Not Found' };
  if (message.includes('AssertionError')) return { code: 400, description: `Bad Request: ${message.replace(/^Something went wrong\. /, '')}` };
  return { code: 500, description: `Internal Server Error: ${message}` };
};

const TOKEN = /^\d+:[A-Za-z0-9_-]+$/;

front.all('/bot:token/:method', parse, async (req, res, next) => {
  const { token } = req.params;
  const name = String(req.params.method).toLowerCase();
  const params = { ...req.query, ...(req.body && typeof req.body === 'object' ? req.body : {}) };
  if (!TOKEN.test(token)) return fail(res, 401, 'Unauthorized');
  if (!['GET', 'POST'].includes(req.method)) return fail(res, 405, 'Method Not Allowed');
  try {
    if (name === 'getupdates') return succeed(res, await getUpdates(token, params, res));
    const method = methods[name];
    if (!method) return fail(res, 404, 'Not Found');
    const answer = method.before ? method.before(token, params) : undefined;
    if (answer !== undefined) return succeed(res, answer);
  } catch (error) {
    if (error instanceof BotApiError) return fail(res, error.code, error.message, error.parameters);
    return fail(res, 500, `Internal Server Error: ${error.message}`);
  }
  // telegram-test-api does its part (stores the message, the edit, the webhook); its answer is rewritten.
  req.body = params;
  const json = res.json.bind(res);
  res.json = (body) => {
    res.json = json;
    try {
      if (!body || body.ok !== true) {
        const { code, description } = conformError(res.statusCode, body);
        return fail(res, code, description);
      }
      return succeed(res, methods[name].after ? methods[name].after(token, params, body) : body.result);
    } catch (error) {
      return fail(res, 500, `Internal Server Error: ${error.message}`);
    }
  };
  return next();
});

front.use(emulator);

// ---- Webhook deliveries -----------------------------------------------------------------------------------

// telegram-test-api posts updates to a webhook in its own shape and without the secret_token that setWebhook
// gave it; Telegram sends Bot API updates and the secret in a header on every delivery. It also numbers a
// delivery only when the one before it has been answered, so updates sent close together share an update_id;
// Telegram's ids are distinct and increasing.
let webhookUpdateId = 0;
axios.interceptors.request.use((config) => {
  const entry = Object.entries(server.webhooks).find(([, w]) => w.url === config.url);
  if (entry) {
    const [token, hook] = entry;
    if (hook.secret_token) config.headers['X-Telegram-Bot-Api-Secret-Token'] = hook.secret_token;
    const update = conformUpdate(config.data, token, Date.now());
    webhookUpdateId = Math.max(webhookUpdateId + 1, Number(update.update_id) || 0);
    config.data = { ...update, update_id: webhookUpdateId };
  }
  return config;
});

// start() serves whatever webServer holds, so this wrapper sits in front of every emulator route.
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
