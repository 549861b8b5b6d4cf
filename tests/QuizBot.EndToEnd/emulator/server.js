// The Bot API emulator for QuizBot's end-to-end tests: telegram-test-api on 127.0.0.1:<port>.
// Usage: node --unhandled-rejections=warn server.js <port>
// (without that flag one malformed request from the bot kills the emulator mid-test).
//
// telegram-test-api plays the user's side well, but its bot side answers in its own shapes: dates in
// milliseconds, `result: null` where Telegram answers the Message or `true`, errors as HTTP 500 {message} or as
// HTTP 200 with ok:false, getUpdates that ignores offset/limit/timeout, and no setMyCommands, getWebhookInfo or
// sendChatAction. A client library that follows the Bot API (Telegram.Bot) rightly fails on those. This wrapper
// sits in front of it and answers every bot call as https://core.telegram.org/bots/api specifies, so the quirks
// stay here and never reach the product. It also adds what telegram-test-api lacks altogether: files
// (sendDocument, sendPhoto, multipart uploads included), chat members (getChatMember, getChatAdministrators) and
// group chats with many members pressing at once.
'use strict';

const crypto = require('crypto');

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

// The users the emulator has met, from their updates or from a test's POST /chatMembers: the User in a ChatMember.
const knownUsers = new Map();
const rememberUser = (user) => {
  if (!user || !Number.isFinite(Number(user.id))) return;
  const id = Number(user.id);
  const clean = { id, is_bot: user.is_bot === true || String(user.is_bot) === 'true', first_name: String(user.first_name || `User ${id}`) };
  for (const key of ['last_name', 'username', 'language_code']) if (user[key] !== undefined) clean[key] = String(user[key]);
  knownUsers.set(id, clean);
};
const userOf = (id) => knownUsers.get(Number(id)) ?? { id: Number(id), is_bot: false, first_name: `User ${id}` };

// Users who posted or pressed a button in a group: Telegram knows them as members of it.
const seenInGroups = new Set();
const memberKey = (chatId, userId) => `${Number(chatId)}:${Number(userId)}`;
const rememberSender = (from, chat) => {
  rememberUser(from);
  if (chat) rememberChat(chat);
  if (from && chat && Number(chat.id) < 0) seenInGroups.add(memberKey(chat.id, from.id));
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
  };
  // A document or a photo has a caption (left out when empty) where a text message has its text.
  if (m.document || m.photo) {
    if (m.document) message.document = m.document;
    if (m.photo) message.photo = m.photo;
    const caption = plainText(m.caption, m.parse_mode);
    if (caption.length > 0) message.caption = caption;
  } else {
    message.text = plainText(m.text, m.parse_mode);
  }
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

// Remember who the users are before telegram-test-api takes their message, so the bot's answers name the chat
// (and getChatMember knows a group's members). A group chat is just a chat with a negative id and a title.
for (const path of ['/sendMessage', '/sendCommand']) {
  front.post(path, parse, (req, _res, next) => {
    if (req.body && req.body.chat) rememberSender(req.body.from, req.body.chat);
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
// not learn the callback_query_id the bot saw. Record each press with the id the emulator gives it, served at
// POST /presses {"token": T}. telegram-test-api counts its callback ids only once a press has been stored (in
// webhook mode: delivered), so presses sent side by side (two chats at one moment, a double tap) would share an id,
// which Telegram never does: presses go in one at a time, each answered once it is recorded.
const presses = [];
let pressTurn = Promise.resolve();
front.post('/sendCallback', parse, (req, res) => {
  const body = req.body || {};
  pressTurn = pressTurn.then(async () => {
    if (body.message && body.message.chat) rememberSender(body.from, body.message.chat);
    presses.push({
      token: body.botToken,
      callbackId: String(server.callbackId),
      fromId: body.from && body.from.id,
      messageId: body.message && body.message.message_id,
      data: body.data,
    });
    const adding = server.addUserCallback(body);
    res.json({ ok: true, result: null });
    try {
      await adding;
    } catch (error) {
      console.error(`press of '${body.data}' not delivered: ${error.message}`);
    }
  });
});
front.post('/presses', parse, (req, res) => {
  res.json({ ok: true, result: presses.filter((p) => p.token === req.body.token) });
});

// setMyCommands calls, in order, at POST /myCommands {"token": T}: [{commands, scope, language_code, time}].
const myCommands = [];
front.post('/myCommands', parse, (req, res) => {
  res.json({ ok: true, result: myCommands.filter((c) => c.token === req.body.token).map(({ token: _t, ...call }) => call) });
});

// Many members of a group pressing at once (a load test), at POST /groupPresses {"token": T, "presses":
// [{chat_id, user_id, first_name, last_name?, message_id, data}]}: each press becomes a callback query of its own,
// with its own id, in the order given. Answers [{callback_query_id, chat_id, user_id}] in that order. The presses
// are added one after the other: telegram-test-api counts its callback ids only once a press has been stored (or
// delivered to the webhook), so presses added side by side would share one id.
front.post('/groupPresses', parse, async (req, res) => {
  const body = req.body || {};
  if (!body.token || !Array.isArray(body.presses)) {
    return res.status(400).json({ ok: false, description: 'expected {"token": T, "presses": [{chat_id, user_id, first_name, message_id, data}]}' });
  }
  const result = [];
  for (const press of body.presses) {
    const chatId = Number(press && press.chat_id);
    const userId = Number(press && press.user_id);
    if (!Number.isFinite(chatId) || !Number.isFinite(userId) || press.data === undefined) {
      return res.status(400).json({ ok: false, description: `press ${result.length} needs chat_id, user_id and data`, result });
    }
    const from = { id: userId, is_bot: false, first_name: String(press.first_name || `User ${userId}`) };
    if (press.last_name !== undefined) from.last_name = String(press.last_name);
    const chat = knownChats.get(chatId) ?? chatOf(chatId);
    rememberSender(from, press.title !== undefined ? { ...chat, title: String(press.title) } : chat);
    const callbackId = String(server.callbackId);
    const message = { message_id: Number(press.message_id), chat: { id: chatId, type: chatOf(chatId).type } };
    presses.push({ token: body.token, callbackId, fromId: userId, messageId: message.message_id, data: String(press.data) });
    try {
      await server.addUserCallback({ botToken: body.token, from, message, data: String(press.data) });
    } catch (error) {
      // A webhook that refused the press: Telegram would retry it; a load test wants to know.
      return res.status(502).json({ ok: false, description: `press ${result.length}: ${error.message}`, result });
    }
    result.push({ callback_query_id: callbackId, chat_id: chatId, user_id: userId });
  }
  return res.json({ ok: true, result });
});

// Who is what in which chat, as a test declares it at POST /chatMembers {chat_id, user_id, status, first_name?,
// last_name?, username?, is_bot?, custom_title?, until_date?, is_member?, can_…} (or {"members": [those]}), for
// getChatMember and getChatAdministrators. Statuses: creator, administrator, member, restricted, left, kicked.
// Membership belongs to the chat, not to one bot, so it is not kept per token. A user nobody declared is a
// "member" of their own private chat and of a group they posted or pressed in, and otherwise "left": Telegram's
// answer for a user who is not in the chat.
const chatMembers = new Map();
const MEMBER_STATUSES = new Set(['creator', 'administrator', 'member', 'restricted', 'left', 'kicked']);
front.post('/chatMembers', parse, (req, res) => {
  const body = req.body || {};
  const list = Array.isArray(body.members) ? body.members : [body];
  for (const given of list) {
    if (!given || !Number.isFinite(Number(given.chat_id)) || !Number.isFinite(Number(given.user_id)) || !MEMBER_STATUSES.has(given.status)) {
      return res.status(400).json({ ok: false, description: `expected {chat_id, user_id, status: ${[...MEMBER_STATUSES].join('|')}}` });
    }
  }
  for (const given of list) {
    const { chat_id: chatId, user_id: userId, first_name: firstName, last_name: lastName, username, is_bot: isBot, ...member } = given;
    if (firstName !== undefined || !knownUsers.has(Number(userId))) {
      rememberUser({ id: userId, first_name: firstName, last_name: lastName, username, is_bot: isBot });
    }
    chatMembers.set(memberKey(chatId, userId), member);
  }
  return res.json({ ok: true, result: true });
});

// Every file the bot sent (sendDocument, sendPhoto), oldest first, at POST /files {"token": T, "chat_id"?: C}:
// [{chat_id, method, file_id, file_unique_id, file_name, mime_type, caption, parse_mode, bytes_base64,
// message_id, date}]. The caption is as the bot sent it (tags and all, like the text in getUpdatesHistory);
// bytes_base64 is what was uploaded, byte for byte (or downloaded, for a URL; a file_id resends the first bytes).
const sentFiles = [];
front.post('/files', parse, (req, res) => {
  const body = req.body || {};
  const chatId = body.chat_id === undefined || body.chat_id === null ? undefined : String(body.chat_id);
  res.json({
    ok: true,
    result: sentFiles
      .filter((f) => f.token === body.token && (chatId === undefined || String(f.chat_id) === chatId))
      .map(({ token: _t, bytes, ...file }) => ({ ...file, bytes_base64: bytes.toString('base64') })),
  });
});

// Every Bot API call the bot made except getUpdates (the polling loop would drown the rest), oldest first, at
// POST /calls {"token": T, "method"?: M}: [{method, params, time}] with the method as the bot spelt it, the
// params as they arrived (strings from a form, typed values from JSON; an uploaded file as {file_name, size}
// under its part's name: Telegram.Bot 22 sends document=attach://0 and the file as part "0"), so a test can see
// what the bot passed and what it left out. (Telegram.Bot writes a form's booleans as .NET does: "True".)
const calls = [];
front.post('/calls', parse, (req, res) => {
  const body = req.body || {};
  const method = body.method === undefined ? undefined : String(body.method).toLowerCase();
  res.json({
    ok: true,
    result: calls
      .filter((c) => c.token === body.token && (method === undefined || c.method.toLowerCase() === method))
      .map(({ token: _t, ...call }) => call),
  });
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

// ---- Uploads and files -----------------------------------------------------------------------------------

// Telegram takes uploads of up to 50 MB from a bot (photos up to 10 MB).
const MAX_UPLOAD = 50 * 1024 * 1024;
const MAX_PHOTO = 10 * 1024 * 1024;

/** A header parameter's value: quoted (with backslash escapes) or bare. */
const headerParams = (header) => {
  const params = {};
  const pattern = /;\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  for (let match = pattern.exec(header); match; match = pattern.exec(header)) {
    const raw = match[2].trim();
    params[match[1].toLowerCase()] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
  }
  return params;
};

/** RFC 2047 encoded words (=?utf-8?B?…?=, =?utf-8?Q?…?=), which .NET writes for a non-ASCII filename. */
const decodeEncodedWords = (value) => value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset, kind, text) => {
  const bytes = kind.toUpperCase() === 'B'
    ? Buffer.from(text, 'base64')
    : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (__, hex) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  return bytes.toString(/^utf-?8$/i.test(charset) ? 'utf8' : 'latin1');
});

/** A part's file name: filename* (RFC 5987) wins, then filename (raw UTF-8 or encoded words). */
const partFileName = (disposition) => {
  if (disposition['filename*'] !== undefined) {
    const match = /^([^']*)'[^']*'(.*)$/.exec(disposition['filename*']);
    if (match) {
      const bytes = Buffer.from(match[2].replace(/%([0-9A-Fa-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
      return bytes.toString(/^utf-?8$/i.test(match[1]) ? 'utf8' : 'latin1');
    }
  }
  return disposition.filename === undefined ? undefined : decodeEncodedWords(disposition.filename);
};

/**
 * multipart/form-data, as Telegram.Bot uploads files: fields become strings, a part with a file name becomes
 * {upload: true, file_name, content_type, bytes}. The body is split as bytes (Buffer.indexOf), never as text, so
 * a file's \r\n, NUL and invalid UTF-8 come through untouched.
 */
const parseMultipart = (body, boundary) => {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields = {};
  let at = body.indexOf(delimiter);
  if (at < 0) throw new Error('no boundary in the body');
  while (true) {
    at += delimiter.length;
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return fields; // "--": the closing delimiter
    if (body[at] === 0x0d && body[at + 1] === 0x0a) at += 2;
    const headersEnd = body.indexOf('\r\n\r\n', at);
    if (headersEnd < 0) throw new Error('a part without a blank line after its headers');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headersEnd + 4);
    if (next < 0) throw new Error('a part without a closing boundary');
    const headers = {};
    for (const line of body.subarray(at, headersEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const disposition = headerParams(`;${(headers['content-disposition'] || '').replace(/^[^;]*/, '')}`);
    const content = body.subarray(headersEnd + 4, next);
    const fileName = partFileName(disposition);
    if (disposition.name !== undefined) {
      fields[disposition.name] = fileName === undefined
        ? content.toString('utf8')
        : { upload: true, file_name: fileName, content_type: headers['content-type'], bytes: Buffer.from(content) };
    }
    at = next + 2;
  }
};

/** Express middleware: a multipart body read into req.body (express.json and urlencoded leave it alone). */
const multipart = (req, res, next) => {
  const type = String(req.headers['content-type'] || '');
  if (!/^multipart\/form-data/i.test(type)) return next();
  const boundary = headerParams(type.replace(/^[^;]*/, '')).boundary;
  if (!boundary) return fail(res, 400, 'Bad Request: multipart/form-data without a boundary');
  const chunks = [];
  let size = 0;
  let refused = false;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_UPLOAD + 64 * 1024) {
      if (!refused) fail(res, 413, 'Request Entity Too Large');
      refused = true;
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (refused) return;
    try {
      req.body = parseMultipart(Buffer.concat(chunks), boundary);
    } catch (error) {
      return fail(res, 400, `Bad Request: can't parse multipart/form-data: ${error.message}`);
    }
    return next();
  });
  req.on('error', (error) => {
    if (!refused) fail(res, 400, `Bad Request: ${error.message}`);
    refused = true;
  });
  return undefined;
};

const isUpload = (value) => Boolean(value && typeof value === 'object' && value.upload === true && Buffer.isBuffer(value.bytes));

/** A call's params for the call log: an upload as its name and size, not its bytes. */
const loggedParams = (params) => Object.fromEntries(Object.entries(params)
  .map(([key, value]) => [key, isUpload(value) ? { file_name: value.file_name, size: value.bytes.length } : value]));

// What Telegram reports for common extensions; anything else keeps the type the upload declared.
const MIME_TYPES = {
  csv: 'text/csv', txt: 'text/plain', html: 'text/html', htm: 'text/html', json: 'application/json', xml: 'application/xml',
  pdf: 'application/pdf', zip: 'application/zip', gz: 'application/gzip', md: 'text/markdown',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel', doc: 'application/msword',
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
};
const mimeTypeOf = (fileName, declared) => {
  const extension = /\.([^.]+)$/.exec(String(fileName || ''));
  const known = extension && MIME_TYPES[extension[1].toLowerCase()];
  if (known) return known;
  const type = String(declared || '').split(';')[0].trim().toLowerCase();
  return type && type !== 'application/octet-stream' ? type : 'application/octet-stream';
};

/** An image's type and size from its header (PNG, JPEG, GIF, WebP), or undefined: the emulator decodes no pixels. */
const imageOf = (bytes) => {
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.toString('latin1', 12, 16) === 'IHDR') {
    return { mime_type: 'image/png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes.length >= 10 && bytes.toString('latin1', 0, 4) === 'GIF8') {
    return { mime_type: 'image/gif', width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  }
  if (bytes.length >= 30 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
    const chunk = bytes.toString('latin1', 12, 16);
    if (chunk === 'VP8X') return { mime_type: 'image/webp', width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1 };
    if (chunk === 'VP8L') {
      const bits = bytes.readUInt32LE(21);
      return { mime_type: 'image/webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    if (chunk === 'VP8 ') return { mime_type: 'image/webp', width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let at = 2;
    while (at + 9 < bytes.length && bytes[at] === 0xff) {
      const marker = bytes[at + 1];
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { mime_type: 'image/jpeg', width: bytes.readUInt16BE(at + 7), height: bytes.readUInt16BE(at + 5) };
      }
      at += 2 + bytes.readUInt16BE(at + 2);
    }
  }
  return undefined;
};

// Files by file_id, so a bot can send one again without uploading it. A photo's every size has a file_id.
const filesById = new Map();
let fileCounter = 0;
const newFileId = (prefix) => `${prefix}${(++fileCounter).toString(36).padStart(4, '0')}${crypto.randomBytes(12).toString('base64url')}`;
// Telegram's file_unique_id is the same for the same file, whoever sends it and however often.
const uniqueIdOf = (bytes, suffix = '') => `AgAD${crypto.createHash('sha256').update(bytes).update(suffix).digest('base64url').slice(0, 12)}`;

/** The photo sizes Telegram makes: each smaller standard size below the image's own, then the image (at most 2560). */
const photoSizes = (file) => {
  const { width, height } = file.image;
  const longest = Math.max(width, height);
  const sizes = [90, 320, 800, 1280].filter((side) => side < longest);
  sizes.push(Math.min(longest, 2560));
  return sizes.map((side) => {
    const scale = side / longest;
    const size = { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
    const original = side === longest;
    const fileId = newFileId('AgACAgIAAxkBAA');
    filesById.set(fileId, file);
    return {
      file_id: fileId,
      file_unique_id: uniqueIdOf(file.bytes, original ? '' : `:${side}`),
      ...size,
      file_size: original ? file.bytes.length : Math.max(1, Math.round(file.bytes.length * scale * scale)),
    };
  });
};

/** The file a send names: an upload, a file_id sent before, or an HTTP URL (fetched, as Telegram would). */
const resolveFile = async (params, field) => {
  let value = params[field];
  if (typeof value === 'string' && value.startsWith('attach://')) value = params[value.slice('attach://'.length)];
  if (isUpload(value)) {
    return { bytes: value.bytes, file_name: value.file_name, declared_type: value.content_type };
  }
  if (value === undefined || value === null || value === '') throw badRequest(`there is no ${field} in the request`);
  const text = String(value);
  if (/^https?:\/\//i.test(text)) {
    let response;
    try {
      response = await fetch(text, { signal: AbortSignal.timeout(10000) });
    } catch {
      throw badRequest('failed to get HTTP URL content');
    }
    if (!response.ok) throw badRequest('failed to get HTTP URL content');
    const bytes = Buffer.from(await response.arrayBuffer());
    const name = decodeURIComponent(new URL(text).pathname.split('/').pop() || '') || 'file';
    return { bytes, file_name: name, declared_type: response.headers.get('content-type') || undefined };
  }
  const known = filesById.get(text);
  if (!known) throw badRequest('wrong file identifier/HTTP URL specified');
  if (known.kind !== field) throw badRequest('type of file mismatch');
  return { known };
};

const MAX_CAPTION = 1024;
const checkCaption = (params) => {
  if ([...plainText(params.caption, params.parse_mode)].length > MAX_CAPTION) throw badRequest('message caption is too long');
};

/**
 * sendDocument and sendPhoto: the file is resolved and checked, stored as one of the bot's messages (so it has
 * a message_id and shows in getUpdatesHistory with its caption), recorded for POST /files, and answered as the
 * Message Telegram sends back.
 */
const sendFile = async (token, params, kind) => {
  requireChatId(params);
  checkCaption(params);
  checkMarkup(params);
  const resolved = await resolveFile(params, kind);
  let file = resolved.known;
  if (!file) {
    const { bytes } = resolved;
    if (kind === 'photo') {
      if (bytes.length > MAX_PHOTO) throw badRequest('PHOTO_SAVE_FILE_INVALID');
      const image = imageOf(bytes);
      if (!image) throw badRequest('IMAGE_PROCESS_FAILED');
      if (image.width + image.height > 10000 || Math.max(image.width, image.height) > 20 * Math.min(image.width, image.height)) {
        throw badRequest('PHOTO_INVALID_DIMENSIONS');
      }
      file = { kind, bytes, file_name: resolved.file_name, mime_type: image.mime_type, image };
    } else {
      if (bytes.length === 0) throw badRequest('file must be non-empty');
      file = { kind, bytes, file_name: resolved.file_name, mime_type: mimeTypeOf(resolved.file_name, resolved.declared_type) };
      file.document = { file_id: newFileId('BQACAgIAAxkBAA'), file_unique_id: uniqueIdOf(bytes) };
      if (file.file_name !== undefined) file.document.file_name = file.file_name;
      file.document.mime_type = file.mime_type;
      file.document.file_size = bytes.length;
      filesById.set(file.document.file_id, file);
    }
  }
  if (kind === 'photo') file.sizes ??= photoSizes(file);
  const media = kind === 'photo' ? { photo: file.sizes } : { document: file.document };
  const sent = server.addBotMessage({
    chat_id: params.chat_id,
    ...(params.caption !== undefined ? { caption: String(params.caption) } : {}),
    ...(params.parse_mode !== undefined ? { parse_mode: params.parse_mode } : {}),
    ...(params.reply_markup !== undefined ? { reply_markup: params.reply_markup } : {}),
    ...media,
  }, token);
  const message = messageOf(findBotMessage(token, params.chat_id, sent.message_id));
  sentFiles.push({
    token,
    chat_id: Number(params.chat_id),
    method: kind === 'photo' ? 'sendPhoto' : 'sendDocument',
    file_id: kind === 'photo' ? media.photo[media.photo.length - 1].file_id : file.document.file_id,
    file_unique_id: kind === 'photo' ? media.photo[media.photo.length - 1].file_unique_id : file.document.file_unique_id,
    file_name: file.file_name ?? null,
    mime_type: file.mime_type,
    caption: params.caption === undefined ? null : String(params.caption),
    parse_mode: params.parse_mode ?? null,
    bytes: file.bytes,
    message_id: message.message_id,
    date: message.date,
  });
  return message;
};

// ---- Chat members -----------------------------------------------------------------------------------------

// The rights every ChatMemberAdministrator and ChatMemberRestricted carries (false unless a test grants them);
// any other can_… a test sets is passed on as given.
const ADMINISTRATOR_RIGHTS = ['can_be_edited', 'is_anonymous', 'can_manage_chat', 'can_delete_messages', 'can_manage_video_chats',
  'can_restrict_members', 'can_promote_members', 'can_change_info', 'can_invite_users', 'can_post_stories', 'can_edit_stories',
  'can_delete_stories'];
const RESTRICTED_RIGHTS = ['can_send_messages', 'can_send_audios', 'can_send_documents', 'can_send_photos', 'can_send_videos',
  'can_send_video_notes', 'can_send_voice_notes', 'can_send_polls', 'can_send_other_messages', 'can_add_web_page_previews',
  'can_change_info', 'can_invite_users', 'can_pin_messages', 'can_manage_topics'];

const flag = (value) => value === true || String(value).toLowerCase() === 'true';

/** A ChatMember of the Bot API's kind for its status, from what a test declared (or the default: see /chatMembers). */
const chatMemberOf = (token, chatId, userId) => {
  const bot = botUser(token);
  const user = Number(userId) === bot.id ? bot : userOf(userId);
  const declared = chatMembers.get(memberKey(chatId, userId));
  if (!declared) {
    const member = Number(chatId) > 0 ? Number(chatId) === Number(userId) || user.is_bot : seenInGroups.has(memberKey(chatId, userId));
    return { status: member ? 'member' : 'left', user };
  }
  const rights = Object.fromEntries(Object.entries(declared).filter(([key]) => key.startsWith('can_')).map(([key, value]) => [key, flag(value)]));
  switch (declared.status) {
    case 'creator': {
      const owner = { status: 'creator', user, is_anonymous: flag(declared.is_anonymous) };
      if (declared.custom_title !== undefined) owner.custom_title = String(declared.custom_title);
      return owner;
    }
    case 'administrator': {
      const admin = { status: 'administrator', user };
      for (const right of ADMINISTRATOR_RIGHTS) admin[right] = flag(declared[right]);
      Object.assign(admin, rights);
      if (declared.custom_title !== undefined) admin.custom_title = String(declared.custom_title);
      return admin;
    }
    case 'restricted': {
      const restricted = { status: 'restricted', user, is_member: declared.is_member === undefined ? true : flag(declared.is_member) };
      for (const right of RESTRICTED_RIGHTS) restricted[right] = flag(declared[right]);
      Object.assign(restricted, rights, { until_date: Number(declared.until_date) || 0 });
      return restricted;
    }
    case 'kicked':
      return { status: 'kicked', user, until_date: Number(declared.until_date) || 0 };
    case 'member': {
      const member = { status: 'member', user };
      if (declared.until_date !== undefined) member.until_date = Number(declared.until_date);
      return member;
    }
    default:
      return { status: 'left', user };
  }
};

const requireUserId = (params) => {
  const userId = Number(params.user_id);
  if (params.user_id === undefined || params.user_id === '' || !Number.isSafeInteger(userId) || userId <= 0) {
    throw badRequest('invalid user_id specified');
  }
  return userId;
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
      const stored = editedMessage(token, params);
      if (stored.message.document || stored.message.photo) throw badRequest('there is no text in the message to edit');
      checkText(params);
      checkMarkup(params);
    },
    after: (token, params) => afterEdit(token, params),
  },
  // telegram-test-api knows no captions: the wrapper edits the stored message itself.
  editmessagecaption: {
    before: (token, params) => {
      const stored = editedMessage(token, params);
      if (!stored.message.document && !stored.message.photo) throw badRequest('there is no caption in the message to edit');
      checkCaption(params);
      checkMarkup(params);
      if (params.caption === undefined) delete stored.message.caption;
      else stored.message.caption = String(params.caption);
      if (params.parse_mode === undefined) delete stored.message.parse_mode;
      else stored.message.parse_mode = params.parse_mode;
      const keyboard = inlineKeyboard(params.reply_markup);
      if (keyboard) stored.message.reply_markup = keyboard;
      return afterEdit(token, params);
    },
  },
  senddocument: { before: (token, params) => sendFile(token, params, 'document') },
  sendphoto: { before: (token, params) => sendFile(token, params, 'photo') },
  getchatmember: {
    before: (token, params) => {
      requireChatId(params);
      return chatMemberOf(token, params.chat_id, requireUserId(params));
    },
  },
  // The chat's creator and administrators, as the tests declared them (Telegram lists no one else).
  getchatadministrators: {
    before: (token, params) => {
      requireChatId(params);
      if (Number(params.chat_id) > 0) throw badRequest('there are no administrators in the private chat');
      const prefix = `${Number(params.chat_id)}:`;
      return [...chatMembers.entries()]
        .filter(([key, member]) => key.startsWith(prefix) && ['creator', 'administrator'].includes(member.status))
        .map(([key]) => chatMemberOf(token, params.chat_id, key.slice(prefix.length)));
    },
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

front.all('/bot:token/:method', parse, multipart, async (req, res, next) => {
  const { token } = req.params;
  const name = String(req.params.method).toLowerCase();
  const params = { ...req.query, ...(req.body && typeof req.body === 'object' ? req.body : {}) };
  if (!TOKEN.test(token)) return fail(res, 401, 'Unauthorized');
  if (!['GET', 'POST'].includes(req.method)) return fail(res, 405, 'Method Not Allowed');
  if (name !== 'getupdates') calls.push({ token, method: String(req.params.method), params: loggedParams(params), time: Date.now() });
  try {
    if (name === 'getupdates') return succeed(res, await getUpdates(token, params, res));
    const method = methods[name];
    if (!method) return fail(res, 404, 'Not Found');
    const answer = method.before ? await method.before(token, params) : undefined;
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
