// 政策文件检索 — research views: 词频趋势 (trends), 文件对比 (compare), 相似表述 (similar).
//
//   /?tool=trends&q=A&q=B&by=region|year|doc   chart (SVG drawn here) + table + CSV
//   /?tool=compare&a=ID&b=ID                   B's paragraphs matched to A's, 新提法
//   /?tool=similar&doc=ID&p=N                  paragraphs of other documents alike
//
// Loaded before app.js, which calls PolicyResearch.render() for these URLs and passes its
// helpers (el, fetchJSON, navigate…). Same safety rule as app.js: only the server's escaped
// `snippet` goes in as HTML; every other text through textContent.
'use strict';

window.PolicyResearch = (() => {
  const BY_LABELS = { region: '地区', year: '年份', doc: '文档' };
  const STATUS_LABELS = { kept: '未变', changed: '修改', new: '新增', removed: '删除' };
  const COLORS = ['#1f5fa8', '#c0392b', '#2e8b57', '#8e44ad', '#d35400', '#16a085'];
  const SVG = 'http://www.w3.org/2000/svg';

  function svg(tag, attrs = {}, children = []) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children) if (c) node.append(c);
    return node;
  }

  // A view's heading, which takes the focus after a view change (see app.js focusView).
  function toolTitle(h, text) {
    return h.el('h1', { class: 'tool-title', tabindex: '-1', text });
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

  async function showTrends(h, ctx) {
    const p = params();
    const queries = p.getAll('q').map((q) => q.trim()).filter(Boolean);
    const by = BY_LABELS[p.get('by')] ? p.get('by') : 'region';
    const root = h.$('#research');
    document.title = '词频趋势 - 政策文件检索';
    const input = h.el('input', {
      id: 'trend-queries', type: 'search', value: queries.join(' | '),
      placeholder: '检索词，多个用 | 分隔，如：新质生产力 | 低空经济', 'aria-label': '检索词',
    });
    const select = h.el('select', { id: 'trend-by', 'aria-label': '统计维度' },
      Object.entries(BY_LABELS).map(([v, label]) => h.el('option', { value: v, text: `按${label}`, selected: v === by })));
    const form = h.el('form', { class: 'tool-form', onsubmit: (e) => {
      e.preventDefault();
      const next = new URLSearchParams({ tool: 'trends' });
      for (const q of input.value.split(/[|｜]/).map((x) => x.trim()).filter(Boolean)) next.append('q', q);
      next.set('by', select.value);
      h.navigate('/?' + next.toString());
    } }, [input, select, h.el('button', { type: 'submit', text: '统计' })]);
    const heading = toolTitle(h, '词频趋势');
    root.replaceChildren(heading, form);
    h.focusView(heading, ctx);
    if (!queries.length) {
      root.append(h.el('p', { class: 'muted', text: '输入一个或多个检索词，按地区、年份或文档统计含有它们的段落数、出现次数和文档数。' }));
      return;
    }
    const api = new URLSearchParams();
    for (const q of queries) api.append('q', q);
    api.set('by', by);
    let data;
    try {
      data = await h.fetchJSON('/api/trends?' + api.toString(), ctx.signal);
    } catch (err) {
      h.handleFailure(err, ctx);
      return;
    }
    if (ctx.stale()) return;
    const csv = new URLSearchParams(api);
    csv.set('format', 'csv');
    root.append(
      h.el('p', { class: 'tool-summary' }, [
        data.series.map((s) => `${s.query}：共 ${s.total} 段`).join('；'),
        ' · ',
        h.el('a', { class: 'download', href: '/api/trends?' + csv.toString(), download: 'trends.csv', text: '下载表格（CSV）' }),
      ]),
      legend(h, data),
      chart(h, data),
      table(h, data),
    );
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
    if (data.by === 'year') keys.sort();
    return { keys, labels };
  }

  function countOf(series, key) {
    const b = series.buckets.find((x) => x.key === key);
    return b ? b.paragraphs : 0;
  }

  function legend(h, data) {
    return h.el('div', { class: 'trend-legend' }, data.series.map((s, i) =>
      h.el('span', { class: 'legend-item' }, [
        h.el('span', { class: 'legend-swatch', style: `background:${COLORS[i % COLORS.length]}` }),
        s.query,
      ])));
  }

  // Bars by region or document (one group per key, a bar per query), lines by year.
  function chart(h, data) {
    const { keys, labels } = keysOf(data);
    const max = Math.max(1, ...data.series.flatMap((s) => s.buckets.map((b) => b.paragraphs)));
    const slot = data.by === 'year' ? 80 : Math.max(28, 14 * data.series.length + 10);
    const left = 48, top = 16, plotH = 220, bottom = data.by === 'year' ? 30 : 90;
    const width = Math.max(320, left + 20 + slot * keys.length);
    const height = top + plotH + bottom;
    const y = (v) => top + plotH - (v / max) * plotH;
    const root = svg('svg', {
      id: 'trend-chart', class: 'trend-chart', width, height, viewBox: `0 0 ${width} ${height}`,
      role: 'img', 'aria-label': `按${BY_LABELS[data.by]}统计的段落数`,
    });
    const step = niceStep(max);
    for (let v = 0; v <= max; v += step) {
      root.append(svg('line', { x1: left, x2: width - 10, y1: y(v), y2: y(v), class: 'grid' }));
      root.append(svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis', text: String(v) }));
    }
    keys.forEach((key, k) => {
      const x0 = left + 10 + k * slot;
      const label = labels.get(key);
      const short = label.length > 8 ? label.slice(0, 8) + '…' : label;
      const tx = x0 + slot / 2;
      root.append(data.by === 'year'
        ? svg('text', { x: tx, y: top + plotH + 18, 'text-anchor': 'middle', class: 'axis', text: short })
        : svg('text', { x: tx, y: top + plotH + 12, 'text-anchor': 'end', class: 'axis',
          transform: `rotate(-45 ${tx} ${top + plotH + 12})`, text: short }));
    });
    data.series.forEach((s, i) => {
      const color = COLORS[i % COLORS.length];
      if (data.by === 'year') {
        const points = keys.map((key, k) => [left + 10 + k * slot + slot / 2, y(countOf(s, key)), key]);
        root.append(svg('polyline', { points: points.map((p) => `${p[0]},${p[1]}`).join(' '), fill: 'none', stroke: color, 'stroke-width': 2 }));
        for (const [px, py, key] of points) {
          root.append(clickable(h, svg('circle', { cx: px, cy: py, r: 5, fill: color, class: 'trend-mark' }), s, data.by, key, labels));
        }
      } else {
        const barW = (slot - 10) / data.series.length;
        keys.forEach((key, k) => {
          const v = countOf(s, key);
          if (!v) return;
          const x = left + 10 + k * slot + 5 + i * barW;
          root.append(clickable(h, svg('rect', { x, y: y(v), width: Math.max(2, barW - 2), height: top + plotH - y(v), fill: color, class: 'trend-mark bar' }), s, data.by, key, labels));
        });
      }
    });
    return h.el('div', { class: 'chart-box' }, [root]);
  }

  function clickable(h, node, series, by, key, labels) {
    const b = series.buckets.find((x) => x.key === key);
    node.append(svg('title', { text: `${series.query} · ${labels.get(key)}：${b ? b.paragraphs : 0} 段，点击查看` }));
    node.setAttribute('tabindex', '0');
    node.setAttribute('data-key', key);
    node.setAttribute('data-query', series.query);
    const open = () => h.navigate(bucketSearchUrl(series.query, by, key));
    node.addEventListener('click', open);
    node.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(); });
    return node;
  }

  function niceStep(max) {
    const raw = max / 5;
    const pow = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))));
    const n = raw / pow;
    return Math.max(1, (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * pow);
  }

  function table(h, data) {
    const { keys, labels } = keysOf(data);
    const head = h.el('tr', {}, [h.el('th', { text: BY_LABELS[data.by] }),
      ...data.series.flatMap((s) => [
        h.el('th', { text: `${s.query} 段落` }), h.el('th', { text: '出现次数' }), h.el('th', { text: '文档数' }),
      ])]);
    const rows = keys.map((key) => h.el('tr', {}, [
      h.el('td', { text: labels.get(key) }),
      ...data.series.flatMap((s) => {
        const b = s.buckets.find((x) => x.key === key);
        if (!b) return [h.el('td', { text: '0' }), h.el('td', { text: '0' }), h.el('td', { text: '0' })];
        return [
          h.el('td', {}, [h.el('a', { href: bucketSearchUrl(s.query, data.by, key), 'data-nav': true, text: String(b.paragraphs) })]),
          h.el('td', { text: String(b.occurrences) }),
          h.el('td', { text: String(b.documents) }),
        ];
      }),
    ]));
    return h.el('table', { id: 'trend-table', class: 'trend-table' }, [h.el('thead', {}, [head]), h.el('tbody', {}, rows)]);
  }

  // ---------------------------------------------------------------- compare

  async function showCompare(h, ctx) {
    const p = params();
    const a = p.get('a') || '';
    const b = p.get('b') || '';
    const root = h.$('#research');
    document.title = '文件对比 - 政策文件检索';
    let docs = [];
    try {
      docs = await h.loadDocs();
    } catch (err) {
      h.handleFailure(err, ctx);
      return;
    }
    if (ctx.stale()) return;
    const pick = (id, value, label) => h.el('select', { id, 'aria-label': label }, [
      h.el('option', { value: '', text: `— ${label} —` }),
      ...docs.map((d) => h.el('option', { value: d.id, text: d.title || d.id, selected: d.id === value })),
    ]);
    const selA = pick('compare-a', a, '原文件（A）');
    const selB = pick('compare-b', b, '新文件（B）');
    const showKept = h.el('input', { type: 'checkbox', id: 'show-kept' });
    const form = h.el('form', { class: 'tool-form', onsubmit: (e) => {
      e.preventDefault();
      if (!selA.value || !selB.value) return;
      h.navigate('/?' + new URLSearchParams({ tool: 'compare', a: selA.value, b: selB.value }).toString());
    } }, [selA, h.el('span', { text: '→' }), selB, h.el('button', { type: 'submit', text: '比较' })]);
    const heading = toolTitle(h, '文件对比');
    root.replaceChildren(heading, form);
    h.focusView(heading, ctx);
    if (!a || !b) {
      root.append(h.el('p', { class: 'muted', text: '选择两份文件（如去年和今年的政府工作报告），按内容对齐段落，标出新增、删除和修改之处，并列出新文件的新提法。' }));
      return;
    }
    let data;
    try {
      // by=article: 新旧对照 of two versions of a law, article by article.
      const by = params().get('by') === 'article' ? { by: 'article' } : {};
      data = await h.fetchJSON('/api/compare?' + new URLSearchParams({ a, b, ...by }).toString(), ctx.signal);
    } catch (err) {
      h.handleFailure(err, ctx);
      return;
    }
    if (ctx.stale()) return;
    const sum = data.summary;
    const list = h.el('ol', { id: 'compare-pairs', class: 'compare-pairs hide-kept' }, data.pairs.map((pair) => pairNode(h, pair, b)));
    showKept.addEventListener('change', () => list.classList.toggle('hide-kept', !showKept.checked));
    root.append(
      h.el('p', { id: 'compare-summary', class: 'tool-summary' },
        `${data.a_title} → ${data.b_title}：新增 ${sum.new} 段，删除 ${sum.removed} 段，修改 ${sum.changed} 段，未变 ${sum.kept} 段`),
      h.el('section', { class: 'new-terms' }, [
        h.el('h2', { text: '新提法' }),
        data.new_terms.length
          ? h.el('ul', { id: 'new-terms', class: 'term-list' }, data.new_terms.map((t) => h.el('li', {}, [
            h.el('a', { href: '/?' + new URLSearchParams({ q: t.term, doc: b }).toString(), 'data-nav': true, text: t.term }),
            h.el('span', { class: 'muted', text: ` ×${t.count}` }),
          ])))
          : h.el('p', { class: 'muted', text: '没有 A 未用过的词语' }),
      ]),
      h.el('label', { class: 'show-kept' }, [showKept, ' 显示未变段落']),
      list,
    );
  }

  function pairNode(h, pair, b) {
    const side = pair.b || pair.a;
    const body = pair.status === 'changed'
      ? h.el('p', { class: 'pair-text' }, pair.diff.map((d) =>
        d.op === 'insert' ? h.el('ins', { text: d.text }) : d.op === 'delete' ? h.el('del', { text: d.text }) : d.text))
      : h.el('p', { class: 'pair-text', text: side.text });
    const where = [pair.a ? `A 第 ${pair.a.paragraph} 段` : null, pair.b ? `B 第 ${pair.b.paragraph} 段` : null].filter(Boolean).join(' → ');
    return h.el('li', { class: `pair pair-${pair.status}` }, [
      h.el('div', { class: 'pair-head' }, [
        h.el('span', { class: `pair-status status-${pair.status}`, text: STATUS_LABELS[pair.status] }),
        h.el('span', { class: 'muted', text: where }),
        h.el('span', { class: 'muted', text: (side.section || []).join(' › ') }),
      ]),
      body,
    ]);
  }

  // ---------------------------------------------------------------- similar

  async function showSimilar(h, ctx) {
    const p = params();
    const doc = p.get('doc') || '';
    const paragraph = p.get('p') || '';
    const root = h.$('#research');
    document.title = '相似表述 - 政策文件检索';
    const heading = toolTitle(h, '相似表述');
    root.replaceChildren(heading);
    h.focusView(heading, ctx);
    let data;
    try {
      data = await h.fetchJSON('/api/similar?' + new URLSearchParams({ doc, paragraph }).toString(), ctx.signal);
    } catch (err) {
      h.handleFailure(err, ctx);
      return;
    }
    if (ctx.stale()) return;
    root.append(
      h.el('blockquote', { class: 'similar-source' }, [
        h.el('a', { href: h.readerUrl(doc, Number(paragraph), ''), 'data-nav': true, text: `${doc} · 第 ${paragraph} 段` }),
        h.el('p', { text: data.text }),
      ]),
      data.hits.length
        ? h.el('ol', { id: 'similar-hits', class: 'results' }, data.hits.map((x) => h.el('li', { class: 'hit' }, [
          h.el('div', { class: 'hit-head' }, [
            h.el('a', { class: 'hit-title', href: h.readerUrl(x.doc, x.paragraph, ''), 'data-nav': true, text: x.title || x.doc }),
            h.el('span', { class: 'hit-date', text: `相似度 ${Math.round(x.similarity * 100)}%` }),
          ]),
          h.el('div', { class: 'hit-meta' }, [h.el('span', { text: (x.section || []).join(' › ') }), ` 第 ${x.paragraph} 段`]),
          h.el('p', { class: 'hit-snippet', html: x.snippet }),
        ])))
        : h.el('p', { class: 'muted', text: '其他文件中没有相近的表述' }),
    );
  }

  // ---------------------------------------------------------------- hooks

  // Shows a research view when the URL names one; false otherwise.
  function render(h, ctx) {
    if (!isTool()) return false;
    h.showView('research');
    const tool = params().get('tool');
    if (tool === 'trends') showTrends(h, ctx);
    else if (tool === 'compare') showCompare(h, ctx);
    else showSimilar(h, ctx);
    return true;
  }

  // Under the results: every hit as a file, the trend of the query, the query as a feed.
  function searchTools(h, s, apiUrl) {
    const all = new URLSearchParams(apiUrl.split('?')[1] || '');
    all.delete('limit');
    all.delete('offset');
    all.delete('group');
    const file = (format) => { const p = new URLSearchParams(all); p.set('format', format); return '/api/search?' + p.toString(); };
    return h.el('div', { id: 'search-tools', class: 'search-tools' }, [
      h.el('a', { class: 'download', href: file('csv'), download: 'policy-search.csv', text: '导出 CSV' }),
      h.el('a', { class: 'download', href: file('xlsx'), download: 'policy-search.xlsx', text: '导出 Excel' }),
      h.el('a', { href: '/?' + new URLSearchParams({ tool: 'trends', q: s.q, by: 'region' }).toString(), 'data-nav': true, text: '词频趋势' }),
      h.el('a', { href: '/feed?' + new URLSearchParams({ q: s.q }).toString(), type: 'application/atom+xml', text: '订阅（Atom）' }),
    ]);
  }

  function similarLink(h, hit) {
    return h.el('a', {
      class: 'hit-similar', 'data-nav': true, text: '相似表述',
      href: '/?' + new URLSearchParams({ tool: 'similar', doc: hit.doc, p: String(hit.paragraph) }).toString(),
    });
  }

  return { render, searchTools, similarLink };
})();
