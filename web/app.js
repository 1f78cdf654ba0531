// app.js — avocet's web page: filters, Leaflet map, timeline by event type,
// table of aggregated events, and the reports (sentences with actors and
// trigger highlighted) of one event.  Works offline: the base map is the
// bundled country outlines; a tile server is used only when the page is
// opened with ?tiles=URL-TEMPLATE.  Data is always inserted as text, never
// as HTML.
'use strict';

const PAGE = 50;
const TYPE_COLOURS = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02',
  '#a6761d', '#666666', '#1f78b4', '#b2df8a', '#fb9a99', '#cab2d6'];
const PLOVER_TYPES = ['AGREE', 'SUPPORT', 'CONSULT', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
  'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'];

const state = { offset: 0, anchors: new Map(), markers: null, map: null, colours: new Map() };

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

function colourOf(type) {
  const key = type || 'other';
  if (!state.colours.has(key)) {
    state.colours.set(key, TYPE_COLOURS[state.colours.size % TYPE_COLOURS.length]);
  }
  return state.colours.get(key);
}

function filterParams() {
  const form = new FormData(document.getElementById('filters'));
  const p = new URLSearchParams();
  for (const [k, v] of form.entries()) {
    const value = String(v).trim();
    if (value) p.set(k, ['source', 'target', 'country'].includes(k) ? value.toUpperCase() : value);
  }
  return p;
}

async function getJSON(url) {
  const r = await fetch(url);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

function setStatus(text) { document.getElementById('status').textContent = text; }

// ---- map ----

function initMap() {
  const map = L.map('map', { worldCopyJump: true }).setView([25, 20], 2);
  const tiles = new URLSearchParams(location.search).get('tiles');
  if (tiles) L.tileLayer(tiles, { maxZoom: 12, attribution: '© map tile providers' }).addTo(map);
  state.map = map;
  state.markers = L.layerGroup().addTo(map);
  return fetch('countries.geojson').then((r) => r.json()).then((geo) => {
    L.geoJSON(geo, {
      style: { color: '#6b7c85', weight: 0.7, fillColor: '#eef0e6', fillOpacity: tiles ? 0 : 1 },
      onEachFeature: (f, layer) => layer.bindTooltip(f.properties.name, { sticky: true }),
    }).addTo(map);
    for (const f of geo.features) {
      if (f.properties.iso3) state.anchors.set(f.properties.iso3, [f.properties.lat, f.properties.lon]);
    }
  }).catch(() => setStatus('country outlines not available'));
}

// Events without coordinates are drawn near their country's anchor,
// spread a little (deterministically, by id) so they do not hide each other.
function positionOf(ev) {
  if (ev.lat !== null && ev.lon !== null) return [ev.lat, ev.lon];
  const a = state.anchors.get(ev.country);
  if (!a) return null;
  const angle = (ev.id * 2.399963) % (2 * Math.PI), r = 0.4 + (ev.id % 7) * 0.15;
  return [a[0] + r * Math.sin(angle), a[1] + r * Math.cos(angle)];
}

function drawMarkers(events) {
  state.markers.clearLayers();
  let n = 0;
  for (const ev of events) {
    const pos = positionOf(ev);
    if (!pos) continue;
    const m = L.circleMarker(pos, {
      radius: 5 + Math.min(8, Math.log2(ev.num_mentions)), color: '#333', weight: 1,
      fillColor: colourOf(ev.plover_type), fillOpacity: 0.85, className: 'event-marker',
    });
    m.bindTooltip(`${ev.source_code || '?'} ${ev.cameo_name || ev.cameo} ${ev.target_code || '?'}`);
    m.on('click', () => openEvent(ev.id));
    m.addTo(state.markers);
    n++;
  }
  document.getElementById('map').dataset.markers = String(n);
}

// ---- table ----

function drawTable(events) {
  const body = document.querySelector('#events tbody');
  body.replaceChildren();
  for (const ev of events) {
    const tr = el('tr', { 'data-id': String(ev.id) },
      el('td', { text: ev.date || '' }),
      el('td', { text: ev.source_code || '', title: ev.source_name || '' }),
      el('td', { text: `${ev.cameo} ${ev.cameo_name || ''}` }),
      el('td', { text: ev.target_code || '', title: ev.target_name || '' }),
      el('td', { text: ev.plover_type || '' }),
      el('td', { text: ev.country || '' }),
      el('td', { text: `${ev.num_mentions} / ${ev.num_articles} / ${ev.num_sources}` }));
    tr.addEventListener('click', () => openEvent(ev.id));
    body.append(tr);
  }
  document.getElementById('page').textContent = events.length
    ? `${state.offset + 1}–${state.offset + events.length}` : 'no events';
  document.getElementById('prev').disabled = state.offset === 0;
  document.getElementById('next').disabled = events.length < PAGE;
}

// ---- timeline: stacked bars of aggregated events per day and type ----

function drawTimeline(counts) {
  const box = document.getElementById('timeline');
  box.replaceChildren();
  const days = [...new Set(counts.map((c) => c.key))].sort();
  if (!days.length) { box.append(el('p', { text: 'no events' })); return; }
  const totals = new Map();
  for (const c of counts) totals.set(c.key, (totals.get(c.key) || 0) + c.n);
  const max = Math.max(...totals.values());
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const W = 400, H = 160, bw = W / days.length;
  svg.setAttribute('viewBox', `0 0 ${W} ${H + 20}`);
  const base = new Map();
  for (const c of counts) {
    const i = days.indexOf(c.key), h = (c.n / max) * H, y0 = base.get(c.key) || 0;
    const r = document.createElementNS(ns, 'rect');
    r.setAttribute('x', String(i * bw + 1));
    r.setAttribute('width', String(Math.max(1, bw - 2)));
    r.setAttribute('y', String(H - y0 - h));
    r.setAttribute('height', String(h));
    r.setAttribute('fill', colourOf(c.type));
    const t = document.createElementNS(ns, 'title');
    t.textContent = `${c.key || 'no date'} ${c.type || 'other'}: ${c.n}`;
    r.append(t);
    svg.append(r);
    base.set(c.key, y0 + h);
  }
  for (const [i, d] of [[0, days[0]], [days.length - 1, days[days.length - 1]]]) {
    const t = document.createElementNS(ns, 'text');
    t.setAttribute('x', String(i === 0 ? 0 : W));
    t.setAttribute('text-anchor', i === 0 ? 'start' : 'end');
    t.setAttribute('y', String(H + 15));
    t.setAttribute('font-size', '11');
    t.textContent = d || 'no date';
    svg.append(t);
  }
  const legend = el('div', { class: 'legend' });
  for (const type of [...new Set(counts.map((c) => c.type))]) {
    const i = el('i');
    i.style.background = colourOf(type);
    legend.append(el('span', {}, i, type || 'other'));
  }
  box.append(svg, legend);
}

// ---- one event: its reports, with actors and trigger highlighted ----

// Offsets are UTF-8 byte offsets within the sentence: cut the bytes, then
// decode each piece.
function highlighted(sentence, spans) {
  const bytes = new TextEncoder().encode(sentence);
  const dec = new TextDecoder();
  const ok = spans.filter((s) => s.start !== null && s.end !== null && s.start >= 0 &&
    s.end <= bytes.length && s.start < s.end).sort((a, b) => a.start - b.start);
  const out = el('span', { class: 'sentence' });
  let at = 0;
  for (const s of ok) {
    if (s.start < at) continue;   // overlapping span: keep the first
    out.append(dec.decode(bytes.slice(at, s.start)));
    out.append(el('mark', { class: s.cls, title: s.title, text: dec.decode(bytes.slice(s.start, s.end)) }));
    at = s.end;
  }
  out.append(dec.decode(bytes.slice(at)));
  return out;
}

async function openEvent(id) {
  document.querySelectorAll('#events tr.selected').forEach((r) => r.classList.remove('selected'));
  const row = document.querySelector(`#events tr[data-id="${Number(id)}"]`);
  if (row) row.classList.add('selected');
  try {
    const ev = await getJSON(`api/event/${Number(id)}`);
    document.getElementById('detail-title').textContent =
      `${ev.source_code || '?'} → ${ev.target_code || '?'}: ${ev.cameo} ${ev.cameo_name || ''}` +
      ` (${ev.date || 'no date'})`;
    const list = document.getElementById('reports');
    list.replaceChildren();
    for (const r of ev.reports) {
      list.append(el('li', {},
        highlighted(r.sentence, [
          { start: r.source_start, end: r.source_end, cls: 'actor-source', title: r.source_code || '' },
          { start: r.target_start, end: r.target_end, cls: 'actor-target', title: r.target_code || '' },
          { start: r.trigger_start, end: r.trigger_end, cls: 'trigger', title: r.cameo },
        ]),
        el('div', { class: 'meta', text: [r.article_date, r.article_source, r.title || r.doc_id, r.url]
          .filter(Boolean).join(' · ') })));
    }
    document.getElementById('detail').hidden = false;
  } catch (e) {
    setStatus(`event ${id}: ${e.message}`);
  }
}

// ---- loading ----

async function load() {
  const p = filterParams();
  const counts = new URLSearchParams(p);
  counts.set('by', 'day');
  p.set('limit', String(PAGE));
  p.set('offset', String(state.offset));
  setStatus('loading…');
  try {
    const [page, perDay] = await Promise.all([getJSON(`api/events?${p}`), getJSON(`api/counts?${counts}`)]);
    drawMarkers(page.events);
    drawTable(page.events);
    drawTimeline(perDay.counts);
    setStatus(`${page.events.length} event(s) shown`);
  } catch (e) {
    setStatus(`error: ${e.message}`);
  }
  document.body.dataset.loaded = String(Date.now());
}

function init() {
  const select = document.querySelector('select[name=plover]');
  for (const t of PLOVER_TYPES) select.append(el('option', { value: t, text: t }));
  const form = document.getElementById('filters');
  form.addEventListener('submit', (e) => { e.preventDefault(); state.offset = 0; load(); });
  form.addEventListener('reset', () => setTimeout(() => { state.offset = 0; load(); }, 0));
  document.getElementById('prev').addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - PAGE); load();
  });
  document.getElementById('next').addEventListener('click', () => { state.offset += PAGE; load(); });
  document.getElementById('close-detail').addEventListener('click', () => {
    document.getElementById('detail').hidden = true;
  });
  initMap().finally(load);
}

init();
