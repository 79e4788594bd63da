// 政策文件检索 — research views: 词频趋势 (trends), 文件对比 (compare), 相似表述 (similar).
//
//   /?tool=trends&q=A&q=B&by=region|year|doc(&synonyms=1)   chart (ECharts) + table + CSV
//   /?tool=compare&a=ID&b=ID                   B's paragraphs matched to A's, 新提法
//   /?tool=similar&doc=ID&p=N                  paragraphs of other documents alike
//
// router.js shows these views (showResearch) for the URLs that name a tool; search.js puts
// searchTools under the results and similarLink on each hit. ECharts is the classic script
// index.html loads first (the global `echarts`). Same safety rule as the other views: only the
// server's escaped `snippet` goes in as HTML; every other text through textContent.

import { $, el, fetchJSON, loadDocs, readerUrl } from './common.js';
import { focusView, handleFailure, navigate, showView } from './router.js';

// The corpus's documents (the list is cached by common.js).
const docList = () => loadDocs().then((d) => d.docs);

const BY_LABELS = { region: '地区', year: '年份', doc: '文档' };
const STATUS_LABELS = { kept: '未变', changed: '修改', new: '新增', removed: '删除' };
const COLORS = ['#1f5fa8', '#c0392b', '#2e8b57', '#8e44ad', '#d35400', '#16a085'];
// A view's heading, which takes the focus after a view change (see router.js focusView).
function toolTitle(text) {
  return el('h1', { class: 'tool-title', tabindex: '-1', text });
}

function params() {
  return new URLSearchParams(window.location.search);
}

function isTool() {
  return ['trends', 'compare', 'similar'].includes(params().get('tool'));
}

// The hits behind one bucket: the query narrowed to the bucket's region, year or document.
function bucketSearchUrl(query, by, key) {
  const p = new URLSearchParams();
  if (by === 'doc') {
    p.set('q', query);
    p.set('doc', key);
  } else {
    p.set('q', key ? `${query} ${by}:${key}` : query);
  }
  return '/?' + p.toString();
}

// ---------------------------------------------------------------- trends

async function showTrends(ctx) {
  const p = params();
  const queries = p.getAll('q').map((q) => q.trim()).filter(Boolean);
  const by = BY_LABELS[p.get('by')] ? p.get('by') : 'region';
  const synonyms = p.get('synonyms') === '1';
  const root = $('#research');
  document.title = '词频趋势 - 政策文件检索';
  const input = el('input', {
    id: 'trend-queries', type: 'search', value: queries.join(' | '),
    placeholder: '检索词，多个用 | 分隔，如：新质生产力 | 低空经济', 'aria-label': '检索词',
  });
  const select = el('select', { id: 'trend-by', 'aria-label': '统计维度' },
    Object.entries(BY_LABELS).map(([v, label]) => el('option', { value: v, text: `按${label}`, selected: v === by })));
  const toggle = el('input', { type: 'checkbox', id: 'trend-synonyms', checked: synonyms });
  const form = el('form', { class: 'tool-form', onsubmit: (e) => {
    e.preventDefault();
    const next = new URLSearchParams({ tool: 'trends' });
    for (const q of input.value.split(/[|｜]/).map((x) => x.trim()).filter(Boolean)) next.append('q', q);
    next.set('by', select.value);
    if (toggle.checked) next.set('synonyms', '1');
    navigate('/?' + next.toString());
  } }, [input, select,
    el('label', { class: 'check', for: 'trend-synonyms', title: '不勾选时只统计所输入的词本身（全半角、大小写、繁简已统一）' }, [toggle, ' 计入同义词']),
    el('button', { type: 'submit', text: '统计' })]);
  const heading = toolTitle('词频趋势');
  root.replaceChildren(heading, form);
  focusView(heading, ctx);
  if (!queries.length) {
    root.append(el('p', { class: 'muted', text: '输入一个或多个检索词，按地区、年份或文档统计含有它们的段落数、出现次数和文档数。默认只统计所输入的词本身；勾选“计入同义词”时同时统计同义写法，并分列各写法的次数。' }));
    return;
  }
  const api = new URLSearchParams();
  for (const q of queries) api.append('q', q);
  api.set('by', by);
  if (synonyms) api.set('synonyms', '1');
  let data;
  try {
    data = await fetchJSON('/api/trends?' + api.toString(), ctx.signal);
  } catch (err) {
    handleFailure(err, ctx);
    return;
  }
  if (ctx.stale()) return;
  const csv = new URLSearchParams(api);
  csv.set('format', 'csv');
  const box = el('div', { id: 'trend-chart', class: 'chart-box trend-chart', role: 'img',
    'aria-label': `按${BY_LABELS[data.by]}统计的段落数：${data.series.map((s) => `${s.query} 共 ${s.total} 段`).join('；')}` });
  const tiles = data.by === 'region'
    ? data.series.map((s, i) => el('div', { class: 'chart-box tile-map', id: `tile-map-${i}`, role: 'img', 'aria-label': `${s.query} 各省段落数（方块地图）` }))
    : [];
  root.append(
    el('p', { class: 'tool-summary' }, [
      data.series.map((s) => summaryOf(s)).join('；'),
      ' · ',
      el('a', { class: 'download', href: '/api/trends?' + csv.toString(), download: 'trends.csv', text: '下载表格（CSV）' }),
    ]),
    box,
    ...(tiles.length ? [el('div', { class: 'tile-maps' }, tiles)] : []),
    table(data),
  );
  const charts = [drawTrend(box, data)];
  data.series.forEach((s, i) => charts.push(drawTileMap(tiles[i], s)));
  watchSize(charts.filter(Boolean));
}

// 「ai」：共 6 段、8 次（只计原词）, or with each variant's occurrences when synonyms count.
function summaryOf(s) {
  const occurrences = s.occurrences != null ? s.occurrences : s.buckets.reduce((n, b) => n + b.occurrences, 0);
  let text = `${s.query}：共 ${s.total} 段、${occurrences} 次`;
  if (s.variants && s.variants.length) {
    text += `（含同义写法：${s.variants.map((v) => `${v.term} ${v.occurrences} 次`).join('，')}）`;
  } else {
    text += '（只计原词）';
  }
  return text;
}

// Keys in chart order: years ascending; otherwise by the first series' counts.
function keysOf(data) {
  const keys = [];
  const labels = new Map();
  for (const s of data.series) {
    for (const b of s.buckets) {
      if (!labels.has(b.key)) {
        keys.push(b.key);
        labels.set(b.key, b.label || b.key || '（未知）');
      }
    }
  }
  if (data.by === 'year') {
    // Every year from the first to the last, so that a year without a mention is a 0 on the
    // line, not a gap the line jumps over; an unknown year last.
    const years = keys.filter((k) => /^\d{4}$/.test(k)).map(Number);
    const rest = keys.filter((k) => !/^\d{4}$/.test(k));
    keys.length = 0;
    if (years.length) {
      const [first, last] = [Math.min(...years), Math.max(...years)];
      for (let y = first; y <= last && last - first <= 100; y++) {
        keys.push(String(y));
        if (!labels.has(String(y))) labels.set(String(y), String(y));
      }
    }
    keys.push(...rest);
  }
  return { keys, labels };
}

// Charts follow their box's width (the window, a sidebar closing…).
let resizeObserver = null;
function watchSize(charts) {
  if (resizeObserver) resizeObserver.disconnect();
  if (!window.ResizeObserver || !charts.length) return;
  resizeObserver = new ResizeObserver(() => charts.forEach((c) => { if (!c.isDisposed()) c.resize(); }));
  for (const c of charts) resizeObserver.observe(c.getDom());
}

const SAVE_AS_PNG = { saveAsImage: { title: '保存为 PNG', type: 'png', pixelRatio: 2, backgroundColor: '#fff' } };

// Bars by region or document (a bar per query), lines by year; the value axis fitted to the
// data by ECharts (its top tick at or above the largest count). A click opens those hits.
function drawTrend(box, data) {
  if (!window.echarts) return null;
  const { keys, labels } = keysOf(data);
  const byYear = data.by === 'year';
  const chart = window.echarts.init(box, null, { renderer: 'canvas' });
  const bucket = (s, key) => s.buckets.find((x) => x.key === key);
  chart.setOption({
    animation: !window.matchMedia('(prefers-reduced-motion: reduce)').matches,
    color: COLORS,
    textStyle: { fontFamily: 'system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif' },
    legend: { top: 4, data: data.series.map((s) => s.query) },
    toolbox: { right: 12, top: 0, feature: SAVE_AS_PNG },
    grid: { left: 16, right: 24, top: 40, bottom: 16, containLabel: true },
    tooltip: {
      trigger: byYear ? 'axis' : 'item',
      formatter: (items) => [].concat(items).map((it) => {
        const s = data.series[it.seriesIndex];
        const b = bucket(s, keys[it.dataIndex]);
        if (!b) return `${s.query} · ${labels.get(keys[it.dataIndex])}：0 段`;
        const variants = s.variants && s.variants.length
          ? '<br>' + s.variants.map((v, i) => `${escapeHtml(v.term)} ${b.variants ? b.variants[i] : 0} 次`).join('，') : '';
        return `${escapeHtml(s.query)} · ${escapeHtml(labels.get(b.key))}<br>${b.paragraphs} 段，${b.occurrences} 次，${b.documents} 篇${variants}<br><span style="color:#555">点击查看这些段落</span>`;
      }).join('<br><br>'),
    },
    xAxis: {
      type: 'category',
      data: keys.map((k) => labels.get(k)),
      axisLabel: byYear ? {} : { rotate: keys.length > 8 ? 45 : 0, interval: 0,
        formatter: (v) => (v.length > 10 ? v.slice(0, 10) + '…' : v) },
    },
    yAxis: { type: 'value', name: '段落数', minInterval: 1 },
    series: data.series.map((s) => ({
      name: s.query,
      type: byYear ? 'line' : 'bar',
      symbolSize: 9,
      cursor: 'pointer',
      label: { show: byYear || keys.length <= 12, position: 'top' },
      data: keys.map((k) => (bucket(s, k) ? bucket(s, k).paragraphs : 0)),
    })),
  });
  chart.on('click', (e) => {
    const s = data.series[e.seriesIndex];
    if (s && e.dataIndex != null && bucket(s, keys[e.dataIndex])) navigate(bucketSearchUrl(s.query, data.by, keys[e.dataIndex]));
  });
  return chart;
}

// The provinces in their rough places on a grid of tiles [column 1–7, row 0–7]: no borders
// drawn.
const TILES = {
  黑龙江: [7, 0],
  新疆: [1, 1], 内蒙古: [5, 1], 吉林: [7, 1],
  甘肃: [3, 2], 宁夏: [4, 2], 北京: [5, 2], 天津: [6, 2], 辽宁: [7, 2],
  西藏: [1, 3], 青海: [2, 3], 陕西: [3, 3], 山西: [4, 3], 河北: [5, 3], 山东: [6, 3],
  四川: [2, 4], 重庆: [3, 4], 河南: [4, 4], 安徽: [5, 4], 江苏: [6, 4], 上海: [7, 4],
  云南: [2, 5], 贵州: [3, 5], 湖北: [4, 5], 江西: [5, 5], 浙江: [6, 5],
  广西: [3, 6], 湖南: [4, 6], 广东: [5, 6], 福建: [6, 6], 台湾: [7, 6],
  海南: [4, 7], 澳门: [5, 7], 香港: [6, 7],
};

// One query's paragraphs by province as a tile map: a darker tile, more paragraphs; a click
// opens that province's hits. Regions that are no province are listed under it.
function drawTileMap(box, s) {
  if (!window.echarts || !box) return null;
  const counts = new Map(s.buckets.map((b) => [b.key, b]));
  const max = Math.max(1, ...s.buckets.filter((b) => TILES[b.key]).map((b) => b.paragraphs));
  const names = Object.keys(TILES);
  const chart = window.echarts.init(box, null, { renderer: 'canvas' });
  chart.setOption({
    animation: false,
    title: { text: `${s.query}：各省段落数`, left: 8, top: 4, textStyle: { fontSize: 14 } },
    toolbox: { right: 12, top: 0, feature: SAVE_AS_PNG },
    grid: { left: 8, right: 8, top: 36, bottom: 48 },
    xAxis: { type: 'category', data: [1, 2, 3, 4, 5, 6, 7].map(String), show: false },
    yAxis: { type: 'category', data: [0, 1, 2, 3, 4, 5, 6, 7].map(String), inverse: true, show: false },
    visualMap: { min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 4,
      itemHeight: 120, text: [`${max} 段`, '0'], inRange: { color: ['#eef3fa', '#1f5fa8'] } },
    tooltip: { formatter: (it) => {
      const b = counts.get(names[it.dataIndex]);
      return `${escapeHtml(names[it.dataIndex])}：${b ? `${b.paragraphs} 段，${b.occurrences} 次` : '无'}`;
    } },
    series: [{
      type: 'heatmap',
      cursor: 'pointer',
      itemStyle: { borderColor: '#fff', borderWidth: 3 },
      label: { show: true, fontSize: 11, formatter: (it) => {
        const name = names[it.dataIndex];
        const b = counts.get(name);
        return b ? `${name}\n${b.paragraphs}` : name;
      }, color: '#111' },
      data: names.map((n) => [TILES[n][0] - 1, TILES[n][1], counts.has(n) ? counts.get(n).paragraphs : 0]),
    }],
  });
  chart.on('click', (e) => {
    const name = names[e.dataIndex];
    if (counts.has(name)) navigate(bucketSearchUrl(s.query, 'region', name));
  });
  const elsewhere = s.buckets.filter((b) => !TILES[b.key]);
  if (elsewhere.length) {
    box.after(el('p', { class: 'muted tile-note', text: `不在省级方块图上：${elsewhere.map((b) => `${b.key || '（未知）'} ${b.paragraphs} 段`).join('，')}` }));
  }
  return chart;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

// The counts behind the chart; with synonyms, each variant's occurrences beside the total.
function table(data) {
  const { keys, labels } = keysOf(data);
  const withVariants = (s) => s.variants && s.variants.length > 0;
  const head = el('tr', {}, [el('th', { text: BY_LABELS[data.by] }),
    ...data.series.flatMap((s) => [
      el('th', { text: `${s.query} 段落` }), el('th', { text: '出现次数' }),
      withVariants(s) ? el('th', { text: '其中各写法' }) : null, el('th', { text: '文档数' }),
    ].filter(Boolean))]);
  const rows = keys.map((key) => el('tr', {}, [
    el('td', { text: labels.get(key) }),
    ...data.series.flatMap((s) => {
      const b = s.buckets.find((x) => x.key === key);
      const variants = withVariants(s)
        ? [el('td', { class: 'variants', text: b ? s.variants.map((v, i) => `${v.term} ${b.variants ? b.variants[i] : 0}`).join('，') : '' })]
        : [];
      if (!b) return [el('td', { text: '0' }), el('td', { text: '0' }), ...variants, el('td', { text: '0' })];
      return [
        el('td', {}, [el('a', { href: bucketSearchUrl(s.query, data.by, key), 'data-nav': true, text: String(b.paragraphs) })]),
        el('td', { text: String(b.occurrences) }),
        ...variants,
        el('td', { text: String(b.documents) }),
      ];
    }),
  ]));
  return el('table', { id: 'trend-table', class: 'trend-table' }, [el('thead', {}, [head]), el('tbody', {}, rows)]);
}

// ---------------------------------------------------------------- compare

// A document's name for a list: its title; where several documents share that title (one
// 通知 as PDF, DOCX and WPS), the format and date too, and the file name if those repeat.
function docLabels(docs) {
  const byTitle = new Map();
  for (const d of docs) {
    const t = d.title || d.id;
    byTitle.set(t, (byTitle.get(t) || []).concat([d]));
  }
  const labels = new Map();
  for (const [title, same] of byTitle) {
    const facts = (d) => [String(d.format || '').toUpperCase(), d.date || '日期不详'].join(' · ');
    for (const d of same) {
      let label = title;
      if (same.length > 1) {
        const twins = same.filter((o) => facts(o) === facts(d)).length > 1;
        label = `${title}（${facts(d)}${twins ? ' · ' + d.id : ''}）`;
      }
      labels.set(d.id, label);
    }
  }
  return labels;
}

async function showCompare(ctx) {
  const p = params();
  const a = p.get('a') || '';
  const b = p.get('b') || '';
  // by=article: 新旧对照 of two versions of a law, article by article, in two columns.
  const byArticle = p.get('by') === 'article';
  const unit = byArticle ? '条' : '段';
  const root = $('#research');
  document.title = '文件对比 - 政策文件检索';
  let docs = [];
  try {
    docs = await docList();
  } catch (err) {
    handleFailure(err, ctx);
    return;
  }
  if (ctx.stale()) return;
  const labels = docLabels(docs);
  const pick = (id, value, label) => el('select', { id, 'aria-label': label }, [
    el('option', { value: '', text: `— ${label} —` }),
    ...docs.map((d) => el('option', { value: d.id, text: labels.get(d.id), selected: d.id === value })),
  ]);
  const selA = pick('compare-a', a, '原文件（A）');
  const selB = pick('compare-b', b, '新文件（B）');
  const showKept = el('input', { type: 'checkbox', id: 'show-kept' });
  const articleBox = el('input', { type: 'checkbox', id: 'compare-by-article', checked: byArticle });
  const form = el('form', { class: 'tool-form', onsubmit: (e) => {
    e.preventDefault();
    if (!selA.value || !selB.value) return;
    const next = { tool: 'compare', a: selA.value, b: selB.value, ...(articleBox.checked ? { by: 'article' } : {}) };
    navigate('/?' + new URLSearchParams(next).toString());
  } }, [selA, el('span', { text: '→' }), selB,
    el('label', { class: 'check', for: 'compare-by-article', title: '法律法规的两个版本：按条文对齐，修改前后左右并列' }, [articleBox, ' 按条文对照（新旧对照）']),
    el('button', { type: 'submit', text: '比较' })]);
  const heading = toolTitle('文件对比');
  root.replaceChildren(heading, form);
  focusView(heading, ctx);
  if (!a || !b) {
    root.append(el('p', { class: 'muted', text: '选择两份文件（如去年和今年的政府工作报告），按内容对齐段落，标出新增、删除和修改之处，并列出新文件的新提法。' }));
    return;
  }
  let data;
  try {
    const by = byArticle ? { by: 'article' } : {};
    data = await fetchJSON('/api/compare?' + new URLSearchParams({ a, b, ...by }).toString(), ctx.signal);
  } catch (err) {
    handleFailure(err, ctx);
    return;
  }
  if (ctx.stale()) return;
  const sum = data.summary;
  const labelA = labels.get(a) || data.a_title;
  const labelB = labels.get(b) || data.b_title;
  const list = byArticle
    ? articleTable(data, labelA, labelB)
    : el('ol', { id: 'compare-pairs', class: 'compare-pairs hide-kept' }, data.pairs.map((pair) => pairNode(pair, b)));
  showKept.addEventListener('change', () => list.classList.toggle('hide-kept', !showKept.checked));
  root.append(
    el('p', { id: 'compare-summary', class: 'tool-summary' },
      `${labelA} → ${labelB}：新增 ${sum.new} ${unit}，删除 ${sum.removed} ${unit}，修改 ${sum.changed} ${unit}，未变 ${sum.kept} ${unit}`),
    el('section', { class: 'new-terms' }, [
      el('h2', { text: '新提法' }),
      data.new_terms.length
        ? el('ul', { id: 'new-terms', class: 'term-list' }, data.new_terms.map((t) => el('li', {}, [
          el('a', { href: '/?' + new URLSearchParams({ q: t.term, doc: b }).toString(), 'data-nav': true, text: t.term }),
          el('span', { class: 'muted', text: ` ×${t.count}` }),
        ])))
        : el('p', { class: 'muted', text: '没有 A 未用过的词语' }),
    ]),
    el('label', { class: 'show-kept' }, [showKept, byArticle ? ' 显示未变条文' : ' 显示未变段落']),
    list,
  );
}

function pairNode(pair, b) {
  const side = pair.b || pair.a;
  const body = pair.status === 'changed'
    ? el('p', { class: 'pair-text' }, pair.diff.map((d) =>
      d.op === 'insert' ? el('ins', { text: d.text }) : d.op === 'delete' ? el('del', { text: d.text }) : d.text))
    : el('p', { class: 'pair-text', text: side.text });
  const where = [pair.a ? `A 第 ${pair.a.paragraph} 段` : null, pair.b ? `B 第 ${pair.b.paragraph} 段` : null].filter(Boolean).join(' → ');
  return el('li', { class: `pair pair-${pair.status}` }, [
    el('div', { class: 'pair-head' }, [
      el('span', { class: `pair-status status-${pair.status}`, text: STATUS_LABELS[pair.status] }),
      el('span', { class: 'muted', text: where }),
      el('span', { class: 'muted', text: (side.section || []).join(' › ') }),
    ]),
    body,
  ]);
}

// 新旧对照 as the law databases print it: a row per article, the old version on the left with
// what it deletes struck through, the new on the right with what it inserts marked; an article
// only one side has leaves the other cell saying so.
function articleTable(data, labelA, labelB) {
  return el('table', { id: 'compare-table', class: 'compare-table hide-kept' }, [
    el('thead', {}, [el('tr', {}, [
      el('th', { scope: 'col', text: `修改前：${labelA}` }),
      el('th', { scope: 'col', text: `修改后：${labelB}` }),
    ])]),
    el('tbody', {}, data.pairs.map((pair) => el('tr', { class: `pair-row pair-${pair.status}` }, [
      articleCell(pair, 'a'),
      articleCell(pair, 'b'),
    ]))),
  ]);
}

function articleCell(pair, which) {
  const side = pair[which];
  if (!side) {
    return el('td', { class: 'article-cell article-none' }, [
      el('span', { class: 'muted', text: which === 'a' ? '（无，新增条文）' : '（本条删除）' }),
    ]);
  }
  // Each side shows the text it has: the old its deletions, the new its insertions.
  const own = which === 'a' ? 'delete' : 'insert';
  const text = pair.status === 'changed'
    ? pair.diff.filter((d) => d.op === 'equal' || d.op === own)
      .map((d) => (d.op === 'equal' ? d.text : el(which === 'a' ? 'del' : 'ins', { text: d.text })))
    : [side.text];
  // The status is said once, on the side that has the article (the new one when both do).
  const says = which === 'b' || !pair.b;
  return el('td', { class: 'article-cell' }, [
    el('div', { class: 'pair-head' }, [
      el('strong', { class: 'article-number', text: (side.section || []).join(' › ') || `第 ${side.paragraph} 条` }),
      says ? el('span', { class: `pair-status status-${pair.status}`, text: STATUS_LABELS[pair.status] }) : null,
    ]),
    el('p', { class: 'pair-text' }, text),
  ]);
}

// ---------------------------------------------------------------- similar

async function showSimilar(ctx) {
  const p = params();
  const doc = p.get('doc') || '';
  const paragraph = p.get('p') || '';
  const root = $('#research');
  document.title = '相似表述 - 政策文件检索';
  const heading = toolTitle('相似表述');
  root.replaceChildren(heading);
  focusView(heading, ctx);
  let data;
  let labels;
  try {
    data = await fetchJSON('/api/similar?' + new URLSearchParams({ doc, paragraph }).toString(), ctx.signal);
    labels = docLabels(await docList());
  } catch (err) {
    handleFailure(err, ctx);
    return;
  }
  if (ctx.stale()) return;
  root.append(
    el('blockquote', { class: 'similar-source' }, [
      el('a', { href: readerUrl(doc, Number(paragraph), ''), 'data-nav': true, text: `${labels.get(doc) || doc} · 第 ${paragraph} 段` }),
      el('p', { text: data.text }),
    ]),
    data.hits.length
      ? el('ol', { id: 'similar-hits', class: 'results' }, data.hits.map((x) => el('li', { class: 'hit' }, [
        el('div', { class: 'hit-head' }, [
          el('a', { class: 'hit-title', href: readerUrl(x.doc, x.paragraph, ''), 'data-nav': true, text: labels.get(x.doc) || x.title || x.doc }),
          el('span', { class: 'hit-date', text: `相似度 ${Math.round(x.similarity * 100)}%` }),
        ]),
        el('div', { class: 'hit-meta' }, [el('span', { text: (x.section || []).join(' › ') }), ` 第 ${x.paragraph} 段`]),
        el('p', { class: 'hit-snippet', html: x.snippet }),
      ])))
      : el('p', { class: 'muted', text: '其他文件中没有相近的表述' }),
  );
}

// ---------------------------------------------------------------- hooks

// Shows a research view when the URL names one; false otherwise.
export function showResearch(ctx) {
  if (!isTool()) return false;
  showView('research');
  const tool = params().get('tool');
  if (tool === 'trends') showTrends(ctx);
  else if (tool === 'compare') showCompare(ctx);
  else showSimilar(ctx);
  return true;
}

// A feed's parameters: the search's, but relevance (the page's default order) is not asked
// of a feed, whose default is newest first.
function feedParams(all) {
  const p = new URLSearchParams(all);
  if (p.get('sort') === 'relevance') p.delete('sort');
  return p;
}

// Under the results: every hit as a file, the trend of the query, the query as a feed.
export function searchTools(s, apiUrl) {
  const all = new URLSearchParams(apiUrl.split('?')[1] || '');
  all.delete('limit');
  all.delete('offset');
  all.delete('group');
  const file = (format) => { const p = new URLSearchParams(all); p.set('format', format); return '/api/search?' + p.toString(); };
  return el('div', { id: 'search-tools', class: 'search-tools' }, [
    // An export holds the query as typed (what a count quoted from it should count); the
    // paragraphs found only through a synonym are left out unless synonyms=1.
    el('a', { class: 'download', href: file('csv'), download: 'policy-search.csv', text: '导出 CSV', title: '只含所输入的词本身（不含仅因同义词命中的段落）' }),
    el('a', { class: 'download', href: file('xlsx'), download: 'policy-search.xlsx', text: '导出 Excel', title: '只含所输入的词本身（不含仅因同义词命中的段落）' }),
    el('a', { href: '/?' + new URLSearchParams({ tool: 'trends', q: s.q, by: 'region' }).toString(), 'data-nav': true, text: '词频趋势' }),
    // The feed is this search, its filters kept; newest first unless another order was chosen.
    el('a', { id: 'feed-link', href: '/feed?' + feedParams(all).toString(), type: 'application/atom+xml', text: '订阅（Atom）' }),
  ]);
}

export function similarLink(hit) {
  return el('a', {
    class: 'hit-similar', 'data-nav': true, text: '相似表述',
    href: '/?' + new URLSearchParams({ tool: 'similar', doc: hit.doc, p: String(hit.paragraph) }).toString(),
  });
}
