// IntegrAção chat page. Talks to the service with the official socket.io-client (wwwroot/lib, brought in
// by the build). All user text goes into the page with textContent, never as HTML.
'use strict';

(() => {
  const TYPING_IDLE_MS = 2000;     // stop "digitando" this long after the last keystroke
  const TYPING_EXPIRY_MS = 6000;   // forget someone's "digitando" if their "stopped" never arrives
  const ACK_TIMEOUT_MS = 10000;
  const HISTORY_PAGE = 100;
  const HISTORY_MAX_PAGES = 20;

  const $ = (id) => document.getElementById(id);
  const el = {
    connection: $('connection'),
    connectionText: $('connection-text'),
    joinForm: $('join-form'),
    username: $('username'),
    room: $('room'),
    roomDescription: $('room-description'),
    joinButton: $('join-button'),
    chat: $('chat'),
    roomTitle: $('room-title'),
    roomInfo: $('room-info'),
    handoff: $('handoff'),
    messages: $('messages'),
    typing: $('typing'),
    composer: $('composer'),
    message: $('message'),
    error: $('error'),
  };

  const state = {
    rooms: new Map(),          // id -> {id, name, description, users_count}
    roomId: null,              // the room shown
    username: '',
    lastId: 0,                 // highest message id seen in the room shown
    seen: new Set(),           // message ids shown (dedupe: live, replayed, history)
    myIds: new Set(),          // every socket id this page had (messages "mine")
    agentNames: new Set(),     // support agents that took this user over
    typing: new Map(),         // user_id -> {username, timer}
    typingSent: false,
    typingTimer: 0,
    everConnected: false,
  };

  const storage = {
    get(key) { try { return localStorage.getItem(key) || ''; } catch { return ''; } },
    set(key, value) { try { localStorage.setItem(key, value); } catch { /* private mode */ } },
  };

  // ---- status and errors ------------------------------------------------------------------------

  function setConnection(kind, text) {
    el.connection.dataset.state = kind;
    el.connectionText.textContent = text;
    document.body.dataset.connection = kind;
  }

  let errorTimer = 0;
  function showError(text) {
    el.error.textContent = text;
    el.error.hidden = false;
    clearTimeout(errorTimer);
    errorTimer = setTimeout(hideError, 10000);
  }

  function hideError() {
    el.error.hidden = true;
    el.error.textContent = '';
  }

  // ---- rooms -------------------------------------------------------------------------------------

  async function loadRooms() {
    try {
      const response = await fetch('/api/chat/rooms', { headers: { Accept: 'application/json' } });
      if (!response.ok) throw new Error(String(response.status));
      const body = await response.json();
      const wanted = storage.get('chat.room') || el.room.value || 'general';
      el.room.replaceChildren();
      for (const room of body.rooms || []) {
        state.rooms.set(room.id, room);
        const option = document.createElement('option');
        option.value = room.id;
        option.textContent = room.name;
        el.room.append(option);
      }
      if (state.rooms.has(wanted)) el.room.value = wanted;
      describeRoom();
    } catch {
      showError('Não foi possível carregar a lista de salas. A sala “Chat Geral” continua disponível.');
    }
  }

  function describeRoom() {
    const room = state.rooms.get(el.room.value);
    el.roomDescription.textContent = room ? room.description : '';
  }

  function plural(n, one, many) {
    return `${n} ${n === 1 ? one : many}`;
  }

  // ---- messages ----------------------------------------------------------------------------------

  function isNearBottom() {
    const list = el.messages;
    return list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  }

  function scrollToBottom() {
    el.messages.scrollTop = el.messages.scrollHeight;
  }

  function formatTime(iso) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return '';
    return date.toLocaleTimeString('pt-BR', { hour: '2-digit', minute: '2-digit' });
  }

  function kindOf(message) {
    if (message.type === 'bot') return 'bot';
    if (message.type === 'system') return 'system';
    if (!state.myIds.has(message.user_id) && state.agentNames.has(message.username)) return 'agent';
    return 'user';
  }

  function renderMessage(message) {
    const kind = kindOf(message);
    const item = document.createElement('li');
    item.className = `message message--${kind}`;
    if (kind === 'user' && state.myIds.has(message.user_id)) item.classList.add('message--mine');
    item.dataset.id = String(message.id);
    item.dataset.type = message.type || 'user';

    const meta = document.createElement('div');
    meta.className = 'message-meta';
    const author = document.createElement('span');
    author.className = 'message-author';
    author.textContent = message.username;
    meta.append(author);
    if (kind === 'bot' || kind === 'agent') {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = kind === 'bot' ? 'Assistente virtual' : 'Atendente';
      meta.append(badge);
    }
    const time = document.createElement('time');
    time.dateTime = message.timestamp;
    time.textContent = formatTime(message.timestamp);
    meta.append(time);

    const text = document.createElement('p');
    text.className = 'message-text';
    text.textContent = message.message;

    item.append(meta, text);
    return item;
  }

  /** Adds a message once (by id), in id order. Returns true when it was new. */
  function addMessage(message) {
    if (!message || message.room_id !== state.roomId || typeof message.id !== 'number') return false;
    if (state.seen.has(message.id)) return false;
    state.seen.add(message.id);

    const stick = isNearBottom();
    const item = renderMessage(message);
    if (message.id > state.lastId) {
      state.lastId = message.id;
      el.messages.append(item);
    } else {
      // An older message (history fetched after a reconnection): put it before the first newer one.
      const newer = [...el.messages.querySelectorAll('li.message')].find((li) => Number(li.dataset.id) > message.id);
      el.messages.insertBefore(item, newer || null);
    }
    if (stick) scrollToBottom();
    return true;
  }

  function addNotice(text) {
    const item = document.createElement('li');
    item.className = 'notice';
    item.textContent = text;
    const stick = isNearBottom();
    el.messages.append(item);
    if (stick) scrollToBottom();
  }

  /** Renders many messages without an announcement per message (aria-busy while it works). */
  function addMany(messages) {
    el.messages.setAttribute('aria-busy', 'true');
    let added = 0;
    for (const message of messages) if (addMessage(message)) added++;
    el.messages.setAttribute('aria-busy', 'false');
    return added;
  }

  async function fetchMissed(roomId) {
    let added = 0;
    for (let page = 0; page < HISTORY_MAX_PAGES && roomId === state.roomId; page++) {
      const url = `/api/chat/history/${encodeURIComponent(roomId)}?after=${state.lastId}&limit=${HISTORY_PAGE}`;
      const response = await fetch(url, { headers: { Accept: 'application/json' } });
      if (!response.ok) throw new Error(String(response.status));
      const body = await response.json();
      if (roomId !== state.roomId) return added;
      added += addMany(body.messages || []);
      if (!body.has_more || !(body.messages || []).length) break;
    }
    return added;
  }

  // ---- typing ------------------------------------------------------------------------------------

  function renderTyping() {
    const names = [...state.typing.values()].map((t) => t.username);
    if (names.length === 0) el.typing.textContent = '';
    else if (names.length === 1) el.typing.textContent = `${names[0]} está digitando…`;
    else if (names.length === 2) el.typing.textContent = `${names[0]} e ${names[1]} estão digitando…`;
    else el.typing.textContent = `${names.length} pessoas estão digitando…`;
  }

  function setTyping(userId, username, isTyping) {
    const current = state.typing.get(userId);
    if (current) clearTimeout(current.timer);
    if (isTyping) {
      const timer = setTimeout(() => { state.typing.delete(userId); renderTyping(); }, TYPING_EXPIRY_MS);
      state.typing.set(userId, { username, timer });
    } else {
      state.typing.delete(userId);
    }
    renderTyping();
  }

  function clearTyping() {
    for (const t of state.typing.values()) clearTimeout(t.timer);
    state.typing.clear();
    renderTyping();
  }

  function sendTyping(isTyping) {
    if (!state.roomId || state.typingSent === isTyping) return;
    state.typingSent = isTyping;
    socket.emit('typing', { room_id: state.roomId, username: state.username, is_typing: isTyping });
  }

  function onComposerInput() {
    if (el.message.value.trim() === '') {
      clearTimeout(state.typingTimer);
      sendTyping(false);
      return;
    }
    sendTyping(true);
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(() => sendTyping(false), TYPING_IDLE_MS);
  }

  // ---- socket ------------------------------------------------------------------------------------

  // Same origin, default path /socket.io/. socket.io-client reconnects by itself and, thanks to the
  // server's connection state recovery, usually resumes the session with the missed messages.
  const socket = io({ autoConnect: false });

  socket.on('connect', () => {
    state.myIds.add(socket.id);
    setConnection('connected', 'Conectado');
    const wasConnected = state.everConnected;
    state.everConnected = true;
    if (!wasConnected || !state.roomId) return;
    if (socket.recovered) {
      addNotice('Conexão restabelecida.');
      return;
    }
    // A new session: join the room again, then fetch from history what came while we were away.
    addNotice('Conexão restabelecida. Buscando mensagens perdidas…');
    join(state.roomId, state.username, /* rejoin */ true);
  });

  socket.on('disconnect', (reason) => {
    clearTyping();
    state.typingSent = false;
    if (reason === 'io server disconnect') {
      setConnection('reconnecting', 'Desconectado pelo servidor. Reconectando…');
      socket.connect();
    } else {
      setConnection('reconnecting', 'Conexão perdida. Reconectando…');
    }
  });

  socket.on('connect_error', () => {
    setConnection('reconnecting', 'Sem conexão com o servidor. Tentando novamente…');
  });

  socket.on('connected', (data) => {
    if (data && data.user_id) state.myIds.add(data.user_id);
  });

  let pendingJoin = null; // {roomId, rejoin}

  socket.on('room_joined', (data) => {
    if (!data) return;
    const rejoin = pendingJoin && pendingJoin.rejoin && data.room_id === state.roomId;
    pendingJoin = null;
    el.joinButton.disabled = false;
    hideError();

    if (!rejoin) {
      state.roomId = data.room_id;
      state.lastId = 0;
      state.seen.clear();
      state.agentNames.clear();
      el.messages.replaceChildren();
      el.handoff.hidden = true;
      clearTyping();
    }
    if (data.username) state.username = data.username;

    const room = state.rooms.get(data.room_id);
    el.roomTitle.textContent = room ? room.name : data.room_id;
    el.roomInfo.textContent = `${plural(data.users_count, 'pessoa', 'pessoas')} na sala`;
    el.chat.hidden = false;
    el.joinButton.textContent = 'Trocar de sala';
    document.body.dataset.room = data.room_id;

    addMany(data.history || []);
    scrollToBottom();
    if (rejoin) {
      const roomId = state.roomId;
      fetchMissed(roomId)
        .then((added) => { if (added > 0) addNotice(`${plural(added, 'mensagem recuperada', 'mensagens recuperadas')}.`); })
        .catch(() => showError('Não foi possível buscar as mensagens perdidas. Recarregue a página para vê-las.'))
        .finally(() => { document.body.dataset.synced = String(state.lastId); });
    } else {
      addNotice(data.message || 'Você entrou na sala.');
      el.message.focus();
      document.body.dataset.synced = String(state.lastId);
    }
  });

  socket.on('user_joined', (data) => {
    if (!data || data.room !== state.roomId || state.myIds.has(data.user_id)) return;
    addNotice(`${data.username} entrou na sala.`);
  });

  socket.on('user_left', (data) => {
    if (!data || data.room !== state.roomId || state.myIds.has(data.user_id)) return;
    setTyping(data.user_id, data.username, false);
    addNotice(`${data.username} saiu da sala.`);
  });

  socket.on('new_message', (message) => {
    if (!message) return;
    setTyping(message.user_id, message.username, false);
    addMessage(message);
  });

  socket.on('user_typing', (data) => {
    if (!data || state.myIds.has(data.user_id)) return;
    if (data.room_id && data.room_id !== state.roomId) return;
    setTyping(data.user_id, data.username, Boolean(data.is_typing));
  });

  socket.on('handoff_status', (data) => {
    if (!data || !state.myIds.has(data.user_id)) return;
    el.handoff.hidden = false;
    if (data.state === 'waiting') {
      el.handoff.textContent = 'Pedimos uma pessoa da nossa equipe. Aguarde um instante: você será atendido em breve.';
    } else if (data.state === 'human') {
      if (data.agent_name) state.agentNames.add(data.agent_name);
      el.handoff.textContent = `Você está conversando com ${data.agent_name || 'uma pessoa da equipe'} (atendente).`;
    } else {
      el.handoff.textContent = 'O Assistente IntegrAção voltou a responder.';
    }
  });

  socket.on('error', (data) => {
    pendingJoin = null;
    el.joinButton.disabled = false;
    const message = (data && data.message) || 'Algo deu errado. Tente novamente.';
    showError(message);
    if (data && data.code === 'invalid_username') {
      el.username.setAttribute('aria-invalid', 'true');
      el.username.focus();
    }
  });

  // ---- actions -----------------------------------------------------------------------------------

  function join(roomId, username, rejoin = false) {
    pendingJoin = { roomId, rejoin };
    el.joinButton.disabled = !rejoin;
    socket.emit('join_room', { room_id: roomId, username });
  }

  function newClientId() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  }

  function send(text) {
    const roomId = state.roomId;
    const payload = { room_id: roomId, message: text, username: state.username, client_id: newClientId() };
    socket.timeout(ACK_TIMEOUT_MS).emit('send_message', payload, (err, ack) => {
      if (err) {
        showError('A mensagem não foi confirmada pelo servidor. Verifique a conexão e tente de novo.');
        if (el.message.value === '') el.message.value = text;
        return;
      }
      if (ack && ack.ok) {
        if (ack.message) addMessage(ack.message);
        return;
      }
      // The error event has already been shown; give the text back so nothing is lost.
      if (el.message.value === '') el.message.value = text;
    });
  }

  el.joinForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const username = el.username.value.trim();
    if (!username) {
      el.username.setAttribute('aria-invalid', 'true');
      showError('Informe seu nome para entrar.');
      el.username.focus();
      return;
    }
    el.username.removeAttribute('aria-invalid');
    state.username = username;
    storage.set('chat.username', username);
    storage.set('chat.room', el.room.value);
    hideError();
    join(el.room.value, username);
  });

  el.room.addEventListener('change', describeRoom);

  el.composer.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = el.message.value.trim();
    if (!state.roomId) {
      showError('Entre em uma sala antes de enviar mensagens.');
      return;
    }
    if (!text) {
      showError('Escreva uma mensagem antes de enviar.');
      el.message.focus();
      return;
    }
    hideError();
    el.message.value = '';
    clearTimeout(state.typingTimer);
    sendTyping(false);
    send(text);
    el.message.focus();
  });

  el.message.addEventListener('keydown', (event) => {
    // Enter sends; Shift+Enter is a new line; nothing happens while an IME composes.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      el.composer.requestSubmit();
    }
  });

  el.message.addEventListener('input', onComposerInput);
  el.message.addEventListener('blur', () => { clearTimeout(state.typingTimer); sendTyping(false); });

  // ---- start -------------------------------------------------------------------------------------

  el.username.value = storage.get('chat.username');
  setConnection('connecting', 'Conectando…');
  loadRooms();
  socket.connect();
})();
