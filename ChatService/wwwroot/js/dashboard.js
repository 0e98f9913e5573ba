// IntegrAção dashboard: polls /api/chat/analytics and redraws the numbers, the charts (Chart.js, brought
// in by the build) and their tables in place. No user text is ever inserted as HTML.
'use strict';

(() => {
  const params = new URLSearchParams(location.search);
  const POLL_MS = Math.max(1000, Number(params.get('intervalo')) || 3000);
  const BRAND = '#0b5cad';
  const number = new Intl.NumberFormat('pt-BR');

  const $ = (id) => document.getElementById(id);
  const el = {
    refresh: $('refresh'),
    refreshText: $('refresh-text'),
    totalMessages: $('total-messages'),
    activeUsers: $('active-users'),
    totalRooms: $('total-rooms'),
    messages24h: $('messages-24h'),
    roomsTable: $('rooms-table'),
    hourlyTable: $('hourly-table'),
    error: $('error'),
  };

  const roomNames = new Map();
  let roomsChart = null;
  let hourlyChart = null;
  let timer = 0;

  function setStatus(kind, text) {
    el.refresh.dataset.state = kind;
    el.refreshText.textContent = text;
  }

  function showError(text) {
    el.error.textContent = text;
    el.error.hidden = false;
  }

  function hideError() {
    el.error.hidden = true;
  }

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  }

  async function loadRoomNames() {
    try {
      const body = await getJson('/api/chat/rooms');
      for (const room of body.rooms || []) roomNames.set(room.id, room.name);
    } catch {
      // Ids are shown instead of names.
    }
  }

  function fillTable(tbody, rows) {
    tbody.replaceChildren(...rows.map(([label, value]) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = label;
      const td = document.createElement('td');
      td.textContent = number.format(value);
      tr.append(th, td);
      return tr;
    }));
  }

  function makeChart(canvasId, type, label) {
    if (typeof window.Chart !== 'function') return null;
    return new window.Chart(document.getElementById(canvasId), {
      type,
      data: { labels: [], datasets: [{ label, data: [], backgroundColor: BRAND, borderColor: BRAND, borderWidth: 2, tension: 0, pointRadius: 3, fill: false }] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: {
          y: { beginAtZero: true, ticks: { precision: 0, color: '#1b1f24' }, grid: { color: '#d9dee4' } },
          x: { ticks: { color: '#1b1f24', autoSkip: true, maxRotation: 0 }, grid: { display: false } },
        },
      },
    });
  }

  function updateChart(chart, labels, values) {
    if (!chart) return;
    chart.data.labels = labels;
    chart.data.datasets[0].data = values;
    chart.update('none');
  }

  function render(analytics) {
    const byRoom = Object.entries(analytics.messages_by_room || {})
      .map(([id, count]) => [roomNames.get(id) || id, Number(count) || 0]);
    const hourly = (analytics.hourly_activity || []).map((h) => [h.hour, Number(h.messages) || 0]);
    const last24h = hourly.reduce((sum, [, n]) => sum + n, 0);

    el.totalMessages.textContent = number.format(analytics.total_messages ?? 0);
    el.activeUsers.textContent = number.format(analytics.active_users ?? 0);
    el.totalRooms.textContent = number.format(analytics.total_rooms ?? 0);
    el.messages24h.textContent = number.format(last24h);
    document.body.dataset.totalMessages = String(analytics.total_messages ?? 0);

    fillTable(el.roomsTable, byRoom);
    fillTable(el.hourlyTable, hourly);
    updateChart(roomsChart, byRoom.map(([name]) => name), byRoom.map(([, n]) => n));
    updateChart(hourlyChart, hourly.map(([hour]) => hour), hourly.map(([, n]) => n));
  }

  async function refresh() {
    clearTimeout(timer);
    try {
      const analytics = await getJson('/api/chat/analytics');
      render(analytics);
      hideError();
      const time = new Date().toLocaleTimeString('pt-BR');
      setStatus('connected', `Atualizado às ${time}`);
      document.body.dataset.updatedAt = String(Date.now());
    } catch {
      setStatus('error', 'Sem conexão: tentando de novo…');
      showError('Não foi possível atualizar o painel agora. Os números abaixo podem estar desatualizados.');
    } finally {
      timer = setTimeout(refresh, POLL_MS);
    }
  }

  async function start() {
    roomsChart = makeChart('rooms-chart', 'bar', 'Mensagens');
    hourlyChart = makeChart('hourly-chart', 'line', 'Mensagens por hora');
    if (!roomsChart) {
      // Without the chart library the tables carry the data: show them open.
      for (const details of document.querySelectorAll('details')) details.open = true;
    }
    await loadRoomNames();
    await refresh();
  }

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') refresh();
  });

  start();
})();
