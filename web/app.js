// 政策文件检索 — browser UI.
//
// One page, three views chosen from the URL alone, so any link reproduces
// what was on screen:
//   /                              home (intro, examples, document list)
//   /?q=…&doc=…&kind=…&issuer=…&section=…&from=…&to=…&sort=date&view=doc&page=N   search
//   /?read=1&doc=ID&p=N&q=…        reader for one document
//   /?tool=trends|compare|similar…  research views (research.js)
//
// Safety rule: only the server's pre-escaped `snippet` and `html` fields are
// inserted as HTML. Everything else (titles, sections, ids, text) goes
// through textContent, because documents may contain markup such as <script>.
'use strict';

(() => {
  const PAGE_SIZE = 10;
  const FILTER_KEYS = ['doc', 'kind', 'issuer', 'level', 'status', 'section', 'region', 'year', 'from', 'to'];
  // In the sidebar's order; `kind` here is the facet's name (the API's `facets.<kind>` and the
  // URL parameter it filters by), one of which is the 文种 facet `kind`.
  const FACET_GROUPS = [
    { kind: 'doc', label: '文档' },
    { kind: 'kind', label: '文种' },
    { kind: 'issuer', label: '发文机关' },
    { kind: 'level', label: '效力级别' },
    { kind: 'status', label: '时效性' },
    { kind: 'section', label: '章节' },
    { kind: 'region', label: '地区' },
    { kind: 'year', label: '年份' },
  ];
  const LAW_FACETS = new Set(['level', 'status']);
  const FACET_VISIBLE = 8; // longer facet lists get a "展开" button
  // Formats as the server names them (docs list `format`, `metadata.format`) and as badges.
  const FORMAT_LABELS = { pdf: 'PDF', ofd: 'OFD', docx: 'DOCX', doc: 'DOC', html: 'HTML', text: 'TXT' };
  // Until the docs list has told us, a document's format is guessed from its id's extension.
  const EXTENSION_FORMATS = {
    pdf: 'pdf', ofd: 'ofd', docx: 'docx', docm: 'docx', dotx: 'docx', doc: 'doc', dot: 'doc', wps: 'doc',
    wpt: 'doc', html: 'html', htm: 'html', xhtml: 'html', shtml: 'html', txt: 'text', text: 'text', md: 'text',
    markdown: 'text',
  };
  const PAGED_FORMATS = new Set(['pdf', 'ofd']);
  const NARROW = window.matchMedia('(max-width: 760px)');
  // Whoever asked their system for less motion gets jumps instead of smooth scrolling.
  const REDUCED_MOTION = window.matchMedia('(prefers-reduced-motion: reduce)');
  const scrollBehavior = () => (REDUCED_MOTION.matches ? 'auto' : 'smooth');

  const $ = (sel, root = document) => root.querySelector(sel);

  // ---------------------------------------------------------------- DOM helper

  // el('a', {class: 'x', text: 'y', href: '/'}, [children]).
  // `text` uses textContent; `html` is reserved for server-escaped fields.
  function el(tag, props = {}, children = []) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value == null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key === 'html') node.innerHTML = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of [].concat(children)) {
      if (child != null && child !== false) node.append(child); // strings become text nodes
    }
    return node;
  }

  // ------------------------------------------------------------------ URL state

  function readState(search = window.location.search) {
    const params = new URLSearchParams(search);
    const get = (key) => (params.get(key) || '').trim();
    const read = get('read');
    return {
      q: get('q'),
      doc: get('doc'),
      kind: get('kind'),
      issuer: get('issuer'),
      level: get('level'),
      status: get('status'),
      section: get('section'),
      region: get('region'),
      year: get('year'),
      from: get('from'),
      to: get('to'),
      sort: get('sort') === 'date' ? 'date' : 'relevance',
      view: get('view') === 'doc' ? 'doc' : 'para',
      page: Math.max(1, parseInt(get('page'), 10) || 1),
      read: read !== '' && read !== '0',
      p: Math.max(0, parseInt(get('p'), 10) || 0),
    };
  }

  // Only non-default values go into the URL, to keep links short.
  function searchUrl(s) {
    const params = new URLSearchParams();
    if (s.q) params.set('q', s.q);
    for (const key of FILTER_KEYS) if (s[key]) params.set(key, s[key]);
    if (s.sort === 'date') params.set('sort', 'date');
    if (s.view === 'doc') params.set('view', 'doc');
    if (s.page > 1) params.set('page', String(s.page));
    const qs = params.toString();
    return qs ? '/?' + qs : '/';
  }

  function readerUrl(doc, paragraph, q) {
    const params = new URLSearchParams({ read: '1', doc });
    if (paragraph) params.set('p', String(paragraph));
    if (q) params.set('q', q);
    return '/?' + params.toString();
  }

  function apiSearchUrl(s) {
    const params = new URLSearchParams({
      q: s.q,
      limit: String(PAGE_SIZE),
      offset: String((s.page - 1) * PAGE_SIZE),
      sort: s.sort,
    });
    for (const key of FILTER_KEYS) if (s[key]) params.set(key, s[key]);
    if (s.view === 'doc') params.set('group', 'doc');
    return '/api/search?' + params.toString();
  }

  function apiDocUrl(id, q) {
    // The id contains '/', so it is encoded as ONE path segment (%2F).
    return '/api/docs/' + encodeURIComponent(id) + (q ? '?q=' + encodeURIComponent(q) : '');
  }

  // The file as stored. A PDF viewer opens at `page` (the #page=N open parameter).
  function originalUrl(id, page) {
    return '/api/docs/' + encodeURIComponent(id) + '/original' + (page ? '#page=' + page : '');
  }

  const hasFilters = (s) => FILTER_KEYS.some((key) => s[key]);
  const isYear = (v) => /^\d{4}$/.test(v);

  // ---------------------------------------------------------------- navigation

  function currentUrl() {
    return window.location.pathname + window.location.search;
  }

  // Remember the scroll position in the current history entry, so that
  // back/forward can restore it after the asynchronous re-render.
  function saveScroll() {
    const state = Object.assign({}, window.history.state, { scrollY: window.scrollY });
    window.history.replaceState(state, '', currentUrl());
  }

  // `focus: false` for controls that stay where they are (the sort menu, the view toggle): their
  // user is still at them, e.g. stepping through the menu's options with the arrow keys.
  function navigate(url, { replace = false, focus = true } = {}) {
    if (replace || url === currentUrl()) {
      window.history.replaceState(window.history.state, '', url);
    } else {
      saveScroll();
      // `back` lets the reader's 返回 link use history.back() (and so keep
      // the result list's scroll position) when it leads where we came from.
      window.history.pushState({ back: currentUrl() }, '', url);
    }
    render({ scrollY: 0, focus });
  }

  // ---------------------------------------------------------------- fetching

  // Small LRU so back/forward and re-sorting feel instant. Entries expire
  // quickly because the server may re-index (watch mode) while we are open.
  const cache = new Map();
  const CACHE_MAX = 40;
  const CACHE_TTL_MS = 60 * 1000;

  async function fetchJSON(url, signal) {
    const cached = cache.get(url);
    cache.delete(url);
    if (cached && Date.now() - cached.at < CACHE_TTL_MS) {
      cache.set(url, cached); // most recently used goes last
      return cached.body;
    }
    let res;
    try {
      res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
    } catch (err) {
      if (err.name === 'AbortError') throw err;
      throw new Error('网络错误:无法连接检索服务,请检查网络或服务是否在运行。');
    }
    const text = await res.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch (_) {
      body = null; // reported below, with the status code
    }
    if (!res.ok) {
      const message = body && typeof body.error === 'string' ? body.error
        : `服务器返回错误 ${res.status}${text ? ':' + text.slice(0, 200) : ''}`;
      throw new Error(message);
    }
    if (body === null || typeof body !== 'object') {
      throw new Error('服务器返回的数据无法解析。');
    }
    cache.set(url, { body, at: Date.now() });
    if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value);
    return body;
  }

  // Document list, shared by the home page, the filter chips and the format badges.
  let docsPromise = null;
  const docTitles = new Map();
  const docFormats = new Map();

  // Resolves to { docs, skipped }: the readable documents, and the corpus files that could
  // not be read, each with its reason.
  function loadDocs() {
    if (!docsPromise) {
      docsPromise = fetchJSON('/api/docs').then((data) => {
        const docs = Array.isArray(data.documents) ? data.documents : [];
        for (const d of docs) {
          if (d.title) docTitles.set(d.id, d.title);
          if (d.format) docFormats.set(d.id, String(d.format));
        }
        const skipped = Array.isArray(data.skipped) ? data.skipped : [];
        const suggestions = Array.isArray(data.suggestions) ? data.suggestions : [];
        return { docs, skipped, suggestions };
      });
      docsPromise.catch(() => { docsPromise = null; }); // allow a retry later
    }
    return docsPromise;
  }

  // ------------------------------------------------------------------ formats

  function extensionOf(id) {
    const m = /\.([A-Za-z0-9]+)$/.exec(String(id));
    return m ? m[1].toLowerCase() : '';
  }

  // What the server read the file as (a .pdf may be a DOCX inside), else the extension's format.
  function formatOf(id, known) {
    return known || docFormats.get(id) || EXTENSION_FORMATS[extensionOf(id)] || '';
  }

  function formatLabel(id, known) {
    const format = formatOf(id, known);
    if (format === 'doc' && ['wps', 'wpt'].includes(extensionOf(id))) return 'WPS';
    return FORMAT_LABELS[format] || format.toUpperCase();
  }

  function formatBadge(id, known) {
    const label = formatLabel(id, known);
    return label ? el('span', { class: 'format-badge', title: `原文格式：${label}`, text: label }) : null;
  }

  // Why a file could not be read, in Chinese; the server's technical detail is kept beside it.
  const SKIP_REASONS = [
    [/^needs OCR: no text layer/, '扫描件，没有文字层，需先做文字识别（OCR）'],
    [/^needs OCR: the text layer is garbage/, '文字层无法使用（字符映射有误），需先做文字识别（OCR）'],
    [/^needs OCR/, '需先做文字识别（OCR）'],
    [/^password-protected/, '文件有密码保护'],
    [/^corrupt or truncated file: ?(.*)$/, '文件损坏或不完整'],
    [/^too large to read: ?(.*)$/, '文件过大，未读取'],
    [/^file is larger than (.*)$/, '文件过大，未读取'],
    [/^reading took longer than (.*)$/, '读取超时'],
    [/^empty file/, '空文件'],
    [/^binary file, not text/, '不是文本文件'],
    [/^text cannot be decoded ?(.*)$/, '无法识别文字编码'],
    [/^no text left after removing page chrome/, '去掉网页框架后没有正文'],
    [/^not a supported file type/, '不支持的文件类型（支持文本、HTML、PDF、DOCX、DOC、WPS、OFD）'],
    [/^unsupported: ?(.*)$/, '不支持的文件格式'],
    [/^cannot be (?:read|listed): ?(.*)$/, '无法读取文件'],
  ];

  function explainReason(reason) {
    const raw = String(reason || '');
    for (const [pattern, text] of SKIP_REASONS) {
      const m = pattern.exec(raw);
      if (m) return { text, detail: m[1] || '' };
    }
    return { text: raw || '原因不详', detail: '' };
  }

  // ------------------------------------------------------------------ errors

  function showError(message) {
    const box = $('#error');
    box.replaceChildren(
      el('span', { class: 'error-text', text: message }),
      // The × is drawn by CSS so that #error's text is exactly the message.
      el('button', { type: 'button', class: 'error-close', 'aria-label': '关闭', title: '关闭', onclick: hideError }),
    );
    box.hidden = false;
  }

  function hideError() {
    $('#error').hidden = true;
  }

  // ------------------------------------------------------------------ render

  let renderSeq = 0;
  let controller = null;

  // Render whatever the URL says. `opts.scrollY` is where to scroll once the
  // content is there (undefined = the view decides, e.g. the reader target); `opts.focus`
  // (every view change but the first load, which keeps the focus in the search box) moves the
  // focus to what the new view says first, see focusView.
  function render(opts = {}) {
    const s = readState();
    const seq = ++renderSeq;
    if (controller) controller.abort(); // a newer render supersedes older fetches
    controller = new AbortController();
    const ctx = { seq, signal: controller.signal, opts, stale: () => seq !== renderSeq };
    hideError();
    $('#q').value = s.q;
    if (window.PolicyResearch && window.PolicyResearch.render(researchHelpers, ctx)) return undefined;
    if (s.read && s.doc) return showReader(s, ctx);
    if (s.q) return showSearch(s, ctx);
    return showHome(ctx);
  }

  function showView(name) {
    for (const id of ['home', 'search', 'reader', 'research']) $('#' + id).hidden = id !== name;
  }

  // After a view change the focus goes to the new view's heading or status line (tabindex=-1):
  // a screen reader reads it, and Tab continues from there instead of from a control that the
  // change removed. Scrolling stays with the view (restored position, reader target).
  function focusView(node, ctx) {
    if (node && ctx.opts.focus && !ctx.stale()) node.focus({ preventScroll: true });
  }

  // What research.js builds its views with.
  const researchHelpers = {
    $, el, navigate, fetchJSON, handleFailure, showView, focusView, readerUrl, scrollBehavior,
    loadDocs: () => loadDocs().then((d) => d.docs),
  };

  function restoreScroll(y) {
    window.scrollTo(0, y || 0);
  }

  // Aborted fetches are superseded, not failures; everything else is shown.
  function handleFailure(err, ctx) {
    if (err.name === 'AbortError' || ctx.stale()) return true;
    showError(err.message || String(err));
    return false;
  }

  // -------------------------------------------------------------------- home

  let homeDocs = [];

  async function showHome(ctx) {
    showView('home');
    document.title = '政策文件检索';
    const list = $('#doc-list');
    docsPromise = null; // the collection may have changed since the last visit
    if (!homeDocs.length) list.replaceChildren(el('li', { class: 'muted', text: '加载中…' }));
    let skipped;
    try {
      const data = await loadDocs();
      homeDocs = sortDocs(data.docs);
      skipped = data.skipped;
      renderSuggestions(data.suggestions);
    } catch (err) {
      if (!handleFailure(err, ctx)) list.replaceChildren();
      focusView($('#home-title'), ctx);
      return;
    }
    if (ctx.stale()) return;
    $('#doc-count').textContent = `(共 ${homeDocs.length} 篇)`;
    renderDocList();
    renderSkipped(skipped);
    restoreScroll(ctx.opts.scrollY);
    focusView($('#home-title'), ctx);
  }

  // Terms the index holds, each with how widely: every suggestion finds something.
  function renderSuggestions(suggestions) {
    const box = $('#suggestions');
    box.hidden = !suggestions.length;
    $('#suggestion-list').replaceChildren(...suggestions.flatMap((s) => [' ', el('a', {
      class: 'example',
      href: '/?q=' + encodeURIComponent(s.term),
      'data-nav': true,
      title: `${s.documents} 篇文件、${s.paragraphs} 段提到`,
      text: s.term,
    })]));
  }

  // Newest first; undated documents last, then by title.
  function sortDocs(docs) {
    return docs.slice().sort((a, b) =>
      (b.date || '').localeCompare(a.date || '') || String(a.title).localeCompare(String(b.title), 'zh'));
  }

  // What a 公文 is, in one line: 文种 · 发文机关 · 发文字号 (whichever are known).
  function docFacts(d) {
    const facts = [d.kind, d.issuer, d.doc_number].filter(Boolean);
    return facts.length ? el('span', { class: 'doc-facts', text: facts.join(' · ') }) : null;
  }

  function renderDocList() {
    const needle = $('#doc-filter').value.trim().toLowerCase();
    const docs = needle
      ? homeDocs.filter((d) => [d.title, d.id, d.kind, d.issuer, d.doc_number].join(' ').toLowerCase().includes(needle))
      : homeDocs;
    const items = docs.map((d) => el('li', { class: 'doc-item' }, [
      el('span', { class: 'doc-name' }, [
        el('a', { class: 'doc-title', href: readerUrl(d.id), 'data-nav': true, text: d.title || d.id }),
        formatBadge(d.id, d.format),
        docFacts(d),
      ]),
      el('span', { class: 'doc-meta' }, [
        el('span', { class: 'doc-date', text: d.date || '日期不详' }),
        d.pages ? el('span', { class: 'doc-pages', text: `${d.pages} 页` }) : null,
        el('span', { class: 'doc-paras', text: `${d.paragraphs} 段` }),
      ]),
    ]));
    if (!items.length) {
      items.push(el('li', { class: 'muted', text: homeDocs.length ? '没有匹配的文件。' : '尚未收录任何文件。' }));
    }
    $('#doc-list').replaceChildren(...items);
  }

  // Corpus files that are not in the index, collapsed under the list: for whoever keeps
  // the collection, so that a scan without text or a locked PDF does not go missing unnoticed.
  function renderSkipped(skipped) {
    const box = $('#skipped-box');
    const files = (skipped || []).slice().sort((a, b) => String(a.id).localeCompare(String(b.id), 'zh'));
    box.hidden = files.length === 0;
    $('#skipped-count').textContent = String(files.length);
    $('#skipped-list').replaceChildren(...files.map((f) => {
      const { text, detail } = explainReason(f.reason);
      return el('li', { class: 'skipped-item', title: String(f.reason || '') }, [
        el('span', { class: 'skipped-id', text: String(f.id) }),
        el('span', { class: 'skipped-reason' }, [
          text,
          detail ? el('span', { class: 'skipped-detail', text: `（${detail}）` }) : null,
        ]),
      ]);
    }));
  }

  // ------------------------------------------------------------------ search

  async function showSearch(s, ctx) {
    showView('search');
    document.title = `${s.q} - 政策文件检索`;
    $('#sort').value = s.sort;
    for (const btn of $('#view-toggle').querySelectorAll('button')) {
      const on = btn.dataset.view === s.view;
      btn.setAttribute('aria-pressed', String(on));
      btn.classList.toggle('active', on);
    }
    renderChips(s);
    const col = $('.results-col');
    col.classList.add('is-loading'); // dim the old results instead of blanking them
    if (!$('#results').childElementCount) $('#status').textContent = '检索中…';
    let data;
    try {
      // The docs list (usually cached) says each hit's format; without it, the extension does.
      [data] = await Promise.all([fetchJSON(apiSearchUrl(s), ctx.signal), loadDocs().catch(() => null)]);
    } catch (err) {
      if (!handleFailure(err, ctx)) {
        col.classList.remove('is-loading');
        clearResults();
        $('#status').textContent = '检索失败';
        focusView($('#status'), ctx);
      }
      return;
    }
    if (ctx.stale()) return;
    col.classList.remove('is-loading');

    const facets = data.facets || {};
    for (const f of facets.doc || []) if (f.label) docTitles.set(f.value, f.label);
    const groups = Array.isArray(data.groups) ? data.groups : null;

    renderStatus(s, data, groups);
    renderDocuments(s, data);
    renderFacets(s, facets);
    renderChips(s);
    if (s.view === 'doc' && groups) renderGroups(s, data, groups);
    else renderHits(s, data);
    renderPager(s, data, groups);
    if (window.PolicyResearch) $('#search-tools-slot').replaceChildren(window.PolicyResearch.searchTools(researchHelpers, s, apiSearchUrl(s)));
    restoreScroll(ctx.opts.scrollY);
    focusView($('#status'), ctx);
  }

  // The documents the query names (by title, short title, 文号 or issuer): cards above the
  // paragraphs, the article named (民法典 第1035条) linked to its first paragraph.
  const MATCHED_LABELS = { title: '标题', doc_number: '文号', issuer: '发文机关', history: '题注' };

  function documentCard(d, s) {
    const first = d.article && d.article.paragraphs.length ? d.article.paragraphs[0] : 1;
    const href = readerUrl(d.id, first, s.q);
    const facts = [d.kind, d.issuer, d.doc_number, d.date].filter(Boolean);
    const matched = (d.matched || []).map((m) => MATCHED_LABELS[m] || m).join('、');
    return el('article', { class: 'doc-card' }, [
      el('div', { class: 'doc-card-head' }, [
        el('a', { class: 'doc-card-title', href, 'data-nav': true, text: d.title || d.id }),
        formatBadge(d.id, d.format),
        statusBadge(d.level, d.status),
        matched ? el('span', { class: 'via-badge', text: `${matched}命中` }) : null,
      ]),
      facts.length ? el('div', { class: 'doc-card-facts', text: facts.join(' · ') }) : null,
      d.article
        ? el('div', { class: 'doc-card-article' }, [
          el('cite', { class: 'hit-citation', text: d.article.citation }),
          el('a', { href, 'data-nav': true, text: `第 ${first} 段` }),
        ])
        : null,
    ]);
  }

  function renderDocuments(s, data) {
    const box = $('#documents');
    const docs = Array.isArray(data.documents) && (s.page || 1) === 1 ? data.documents : [];
    box.hidden = !docs.length;
    box.replaceChildren(...(docs.length
      ? [el('h2', { class: 'doc-cards-title', text: `命中文件 ${docs.length} 篇` }), ...docs.map((d) => documentCard(d, s))]
      : []));
  }

  function clearResults() {
    $('#documents').replaceChildren();
    $('#documents').hidden = true;
    $('#status').textContent = '';
    $('#results').replaceChildren();
    $('#facets').replaceChildren();
    $('#pager').hidden = true;
  }

  function formatMs(ms) {
    const n = Number(ms) || 0;
    return n < 100 ? n.toFixed(1) : String(Math.round(n));
  }

  function renderStatus(s, data, groups) {
    const parts = [`共 ${data.total} 段`];
    // The rest were found through their document's title, 文号 or issuer.
    if (typeof data.text_total === 'number' && data.text_total < data.total) {
      parts[0] += `（正文命中 ${data.text_total} 段，其余为标题/文号命中）`;
    }
    if (s.view === 'doc' && groups) parts.push(`${groupTotal(data, groups)} 篇文档`);
    parts.push(`${formatMs(data.took_ms)} 毫秒`);
    // Synonym matches rank after exact ones; say which wordings were added.
    if (Array.isArray(data.synonyms) && data.synonyms.length) {
      // Each expansion whole, in corner brackets: 「专业化、精细化、特色化、新颖化」 is one
      // way of writing 专精特新, not four synonyms.
      const shown = data.synonyms.slice(0, 4).map((x) => `「${x}」`).join('');
      parts.push(`同时检索同义写法：${shown}${data.synonyms.length > 4 ? '等' : ''}（加引号可只查原词）`);
    }
    $('#status').textContent = parts.join(' · ');
  }

  function hitNode(h, q) {
    const href = readerUrl(h.doc, h.paragraph, q);
    return el('li', { class: 'hit' }, [
      el('div', { class: 'hit-head' }, [
        el('a', { class: 'hit-title', href, 'data-nav': true, text: h.title || h.doc }),
        formatBadge(h.doc),
        statusBadge(h.level, h.status),
        el('span', { class: 'hit-date', text: h.date || '' }),
      ]),
      hitMeta(h, href),
      snippetNode(h),
      alsoNode(h, q),
    ]);
  }

  // A law's 效力级别 and 时效性 (现行有效, 已修改, 已废止, 尚未生效), as a badge.
  function statusBadge(level, status) {
    if (!level && !status) return null;
    return el('span', {
      class: 'status-badge',
      dataset: { status: status || '' },
      title: '效力级别 · 时效性',
      text: [level, status].filter(Boolean).join(' · '),
    });
  }

  function hitMeta(h, href) {
    return el('div', { class: 'hit-meta' }, [
      // How to cite an article's paragraph: 《专利代理条例》第二十五条.
      h.citation ? el('cite', { class: 'hit-citation', title: '引用', text: h.citation }) : null,
      // Found through its document's title, 文号 or issuer, or through the article it is in.
      h.via && h.via !== 'text'
        ? el('span', { class: 'via-badge', text: h.via === 'document' ? '标题命中' : '条文命中' })
        : null,
      el('span', { class: 'hit-section', text: (h.section || []).join(' › ') }),
      el('a', { class: 'hit-para', href, 'data-nav': true, text: `第 ${h.paragraph} 段` }),
      h.page ? el('span', { class: 'hit-page', text: `第 ${h.page} 页` }) : null,
      window.PolicyResearch ? window.PolicyResearch.similarLink(researchHelpers, h) : null,
    ]);
  }

  // The same document in other formats (hidden from the list): each opens at this paragraph.
  function alsoNode(h, q) {
    const others = Array.isArray(h.also) ? h.also : [];
    if (!others.length) return null;
    const labels = others.map((id) => formatLabel(id) || '其他');
    const all = [formatLabel(h.doc)].concat(labels);
    const links = others.map((id, i) => {
      // Two files of one format (this hit's included) are told apart by their names.
      const twin = all.indexOf(labels[i]) !== all.lastIndexOf(labels[i]);
      return el('a', {
        class: 'also-link',
        href: readerUrl(id, h.paragraph, q),
        'data-nav': true,
        title: `${id} · 第 ${h.paragraph} 段`,
        text: twin ? `${labels[i]}（${id}）` : labels[i],
      });
    });
    return el('div', { class: 'hit-also' }, [el('span', { class: 'hit-also-label', text: '其他格式：' }), ...links]);
  }

  function snippetNode(h) {
    // `snippet` is escaped by the server, with <mark> around matches.
    return h.snippet != null
      ? el('p', { class: 'hit-snippet', html: h.snippet })
      : el('p', { class: 'hit-snippet', text: h.text || '' });
  }

  function renderHits(s, data) {
    const hits = Array.isArray(data.hits) ? data.hits : [];
    const list = $('#results');
    list.classList.remove('grouped');
    list.replaceChildren(...(hits.length ? hits.map((h) => hitNode(h, s.q)) : [emptyNode(s, data)]));
  }

  // One row per document: title, count, its best few paragraphs, and a
  // shortcut to filter the paragraph list to that document.
  function groupNode(g, s) {
    const hits = (g.hits || []).slice(0, 3);
    const first = hits[0] ? hits[0].paragraph : 0;
    const filtered = Object.assign({}, s, { doc: g.doc, view: 'para', page: 1 });
    return el('li', { class: 'group' }, [
      el('div', { class: 'group-head' }, [
        el('a', { class: 'group-title', href: readerUrl(g.doc, first, s.q), 'data-nav': true, text: g.title || g.doc }),
        formatBadge(g.doc),
        el('span', { class: 'group-date', text: g.date || '' }),
        el('span', { class: 'group-count', text: `${g.count} 段` }),
      ]),
      el('ul', { class: 'group-hits' }, hits.map((h) =>
        el('li', { class: 'group-hit' }, [
          hitMeta(h, readerUrl(h.doc, h.paragraph, s.q)), snippetNode(h), alsoNode(h, s.q),
        ]))),
      g.count > hits.length
        ? el('a', { class: 'group-more', href: searchUrl(filtered), 'data-nav': true, text: `查看该文档全部 ${g.count} 段 ›` })
        : null,
    ]);
  }

  function renderGroups(s, data, groups) {
    const list = $('#results');
    list.classList.add('grouped');
    list.replaceChildren(...(groups.length ? groups.map((g) => groupNode(g, s)) : [emptyNode(s, data)]));
  }

  function emptyNode(s, data) {
    if (data.total > 0) {
      // Past the last page (e.g. an edited URL): point back to page 1.
      return el('li', { class: 'empty' }, [
        el('p', { text: '这一页没有结果。' }),
        el('a', { href: searchUrl(Object.assign({}, s, { page: 1 })), 'data-nav': true, text: '回到第 1 页' }),
      ]);
    }
    const tips = [];
    tips.push('已检索:每个段落的正文,以及每篇文件的标题(含简称)、发文字号和发文机关。');
    if (/\s/.test(s.q)) tips.push('减少检索词:以空格分隔的各部分必须同时出现在同一段落中(或出现在其所在文件的标题中)。');
    tips.push('换用更短、更常见的词,例如把「低空经济产业集群」改为「低空经济」。');
    if (s.q.includes('"') || s.q.includes('“')) tips.push('去掉引号,不再要求精确短语。');
    tips.push('检查是否有错别字。繁体/简体、全角/半角已自动统一,无需另行尝试。');
    const items = tips.map((t) => el('li', { text: t }));
    if (hasFilters(s)) {
      items.push(el('li', {}, [
        '移除筛选条件后再试:',
        el('button', { type: 'button', class: 'clear-filters link-button', text: '清除全部筛选', onclick: clearFilters }),
      ]));
    }
    return el('li', { class: 'empty' }, [
      el('p', { class: 'empty-title' }, ['未找到与“', el('strong', { text: s.q }), '”相关的段落。']),
      el('p', { class: 'muted', text: '可以尝试:' }),
      el('ul', { class: 'empty-tips' }, items),
    ]);
  }

  // ------------------------------------------------------------------ facets

  // The year facet is the year a document is about (its title's 2026年…报告, else its date's).
  function isFacetActive(s, kind, value) {
    return s[kind] === value;
  }

  // Clicking a facet applies it; clicking the active one removes it.
  function toggleFacet(kind, value) {
    const s = readState();
    const active = isFacetActive(s, kind, value);
    s[kind] = active ? '' : value;
    s.page = 1;
    navigate(searchUrl(s));
  }

  function facetItems(facets, kind) {
    const items = Array.isArray(facets[kind]) ? facets[kind].slice() : [];
    if (kind === 'year') items.sort((a, b) => String(b.value).localeCompare(String(a.value)));
    return items;
  }

  function renderFacets(s, facets) {
    const groups = FACET_GROUPS.map(({ kind, label }) => {
      const items = facetItems(facets, kind);
      // 效力级别 and 时效性 are for laws: a corpus of reports has none to show.
      if (LAW_FACETS.has(kind) && !items.length && !s[kind]) return null;
      const buttons = items.map((f, i) => {
        const value = String(f.value);
        const text = kind === 'doc' ? (f.label || value) : value;
        const active = isFacetActive(s, kind, value);
        return el('li', { class: i >= FACET_VISIBLE ? 'facet-extra' : null }, el('button', {
          type: 'button',
          class: 'facet' + (active ? ' active' : ''),
          'aria-pressed': String(active),
          title: active ? `取消筛选:${text}` : text,
          dataset: { kind, value },
        }, [
          el('span', { class: 'facet-label', text }),
          // The same title in several formats is told apart by the format.
          kind === 'doc' ? formatBadge(value) : null,
          el('span', { class: 'facet-count', text: String(f.count) }),
        ]));
      });
      const more = items.length > FACET_VISIBLE
        ? el('button', { type: 'button', class: 'facet-more link-button', 'aria-expanded': 'false', text: `展开全部(${items.length})` })
        : null;
      return el('section', { class: 'facet-group', dataset: { kind } }, [
        el('h3', { text: label }),
        items.length ? el('ul', { class: 'facet-list' }, buttons) : el('p', { class: 'muted facet-none', text: '无' }),
        more,
      ]);
    });
    $('#facets').replaceChildren(...groups.filter(Boolean));
  }

  // ------------------------------------------------------------------ chips

  function renderChips(s) {
    const chips = [];
    const chip = (key, value, clear) => chips.push(el('button', {
      type: 'button',
      class: 'chip',
      title: '移除此筛选',
      'aria-label': `移除筛选 ${key}:${value}`,
      onclick: () => navigate(searchUrl(Object.assign({}, readState(), clear, { page: 1 }))),
    }, [
      el('span', { class: 'chip-key', text: key }),
      el('span', { class: 'chip-value', text: value }),
      el('span', { class: 'chip-x', 'aria-hidden': 'true', text: '×' }),
    ]));

    if (s.doc) chip('文档', docTitles.get(s.doc) || s.doc, { doc: '' });
    if (s.kind) chip('文种', s.kind, { kind: '' });
    if (s.issuer) chip('发文机关', s.issuer, { issuer: '' });
    if (s.level) chip('效力级别', s.level, { level: '' });
    if (s.status) chip('时效性', s.status, { status: '' });
    if (s.section) chip('章节', s.section, { section: '' });
    if (s.region) chip('地区', s.region, { region: '' });
    if (s.year) chip('年份', s.year, { year: '' });
    if (s.from && s.from === s.to && isYear(s.from)) chip('年份', s.from, { from: '', to: '' });
    else if (s.from || s.to) chip('日期', `${s.from || '…'} 至 ${s.to || '…'}`, { from: '', to: '' });

    const box = $('#active-filters');
    $('#facets-summary').textContent = chips.length ? `(已选 ${chips.length} 项)` : '';
    if (chips.length > 1) {
      chips.push(el('button', { type: 'button', class: 'clear-filters link-button', text: '清除全部', onclick: clearFilters }));
    }
    box.replaceChildren(...chips);
    box.hidden = chips.length === 0;
  }

  function clearFilters() {
    const s = readState();
    for (const key of FILTER_KEYS) s[key] = '';
    s.page = 1;
    navigate(searchUrl(s));
  }

  // ------------------------------------------------------------------ pager

  // Number of documents in the grouped view. The contract gives only the
  // paragraph total, so prefer an explicit group count, else the doc facet.
  function groupTotal(data, groups) {
    if (Number.isFinite(data.total_groups)) return data.total_groups;
    const docFacet = data.facets && Array.isArray(data.facets.doc) ? data.facets.doc.length : 0;
    return Math.max(docFacet, groups.length);
  }

  function renderPager(s, data, groups) {
    const pager = $('#pager');
    let items = data.total;
    if (s.view === 'doc' && groups) {
      if (groups.length > PAGE_SIZE) {
        items = 0; // the server sent every group at once: nothing to page
      } else {
        // The doc facet may be truncated, so a full page always allows 下一页.
        const seen = (s.page - 1) * PAGE_SIZE + groups.length;
        const more = !Number.isFinite(data.total_groups) && groups.length === PAGE_SIZE ? 1 : 0;
        items = Math.max(groupTotal(data, groups), seen + more);
      }
    }
    const pages = Math.max(1, Math.ceil(items / PAGE_SIZE));
    pager.hidden = pages <= 1 && s.page <= 1;
    $('.prev', pager).disabled = s.page <= 1;
    $('.next', pager).disabled = s.page >= pages;
    $('.page-info', pager).textContent = `第 ${s.page} / ${pages} 页`;
  }

  function goToPage(delta) {
    const s = readState();
    s.page = Math.max(1, s.page + delta);
    navigate(searchUrl(s));
  }

  // ------------------------------------------------------------------ reader

  let marks = [];
  let markIndex = -1;
  // The open document: its id, format and the page each paragraph starts on.
  let readerDoc = { id: '', format: '', pages: new Map() };

  async function showReader(s, ctx) {
    showView('reader');
    setBackLink(s);
    const text = $('#reader-text');
    $('#reader-title').textContent = '';
    $('#reader-meta').replaceChildren();
    $('#related').hidden = true;
    $('#outline').replaceChildren();
    $('.match-nav').hidden = true;
    $('#reader-original').hidden = true;
    text.replaceChildren(el('p', { class: 'muted', text: '加载中…' }));
    restoreScroll(0);

    let data;
    try {
      data = await fetchJSON(apiDocUrl(s.doc, s.q), ctx.signal);
    } catch (err) {
      if (!handleFailure(err, ctx)) {
        $('#reader-title').textContent = '无法打开文档';
        text.replaceChildren(el('p', { class: 'muted', text: s.doc }));
        focusView($('#reader-title'), ctx);
      }
      return;
    }
    if (ctx.stale()) return;

    const meta = data.metadata || {};
    const id = data.id || s.doc;
    const title = meta.title || id;
    document.title = `${title} - 政策文件检索`;
    $('#reader-title').textContent = title;
    const paras = Array.isArray(data.paragraphs) ? data.paragraphs : [];
    readerDoc = {
      id,
      format: formatOf(id, meta.format),
      pages: new Map(paras.filter((p) => p.page).map((p) => [p.paragraph, p.page])),
    };
    renderMeta(meta, id, data.validity);
    renderVersions(id, data.validity);
    renderRelated(Array.isArray(data.links) ? data.links : []);
    renderOutline(paras);
    renderParagraphs(id, paras, s, data.article_citations || {});
    updateOriginalLink(s.p);
    setupMatches(s);

    const target = s.p ? document.getElementById('p-' + s.p) : null;
    if (ctx.opts.scrollY) restoreScroll(ctx.opts.scrollY);
    else if (target) target.scrollIntoView({ block: 'center' });
    else if (marks.length) jumpMatch(1);
    focusView($('#reader-title'), ctx);
  }

  // 返回 goes back in history when that is where we came from (keeps the
  // result list's scroll position); otherwise to the query's results or home.
  function setBackLink(s) {
    const link = $('.reader-back');
    const back = window.history.state && window.history.state.back;
    const href = back || (s.q ? searchUrl({ q: s.q, page: 1 }) : '/');
    link.setAttribute('href', href);
    link.textContent = readState(href.slice(1)).q ? '‹ 返回结果' : '‹ 返回首页';
  }

  function renderMeta(meta, id, validity) {
    const label = formatLabel(id, meta.format);
    // A 公文's own facts first (文种, 发文机关, 发文字号), as its head shows them.
    const history = Array.isArray(meta.history) ? meta.history : [];
    const rows = [
      ['文种', meta.kind],
      ['发文机关', meta.issuer],
      ['发文字号', meta.doc_number],
      ['效力级别', meta.level],
      ['时效性', validity ? validity.status : ''],
      ['日期', meta.date],
      ['公布日期', meta.promulgated !== meta.date ? meta.promulgated : ''],
      ['施行日期', meta.effective],
      ['题注', history.map((e) => e.text).join('\n')],
      ['成文日期', meta.written !== meta.date ? meta.written : ''],
      ['发布日期', meta.published !== meta.date ? meta.published : ''],
      ['索引号', meta.index_number],
      ['来源', meta.source],
      ['格式', label],
      ['页数', meta.pages ? `${meta.pages} 页` : ''],
    ];
    const nodes = [];
    for (const [label, value] of rows) {
      if (!value) continue;
      // Only http(s) sources become links; anything else is shown as text.
      const content = label === '来源' && /^https?:\/\//i.test(value)
        ? el('a', { href: value, rel: 'noopener noreferrer', target: '_blank', text: value })
        : String(value);
      nodes.push(el('div', { class: 'meta-row' }, [el('dt', { text: label }), el('dd', {}, content)]));
    }
    $('#reader-meta').replaceChildren(...nodes);
    setupOriginalLink(id, label);
  }

  // 历史版本: every version of a law in the corpus, newest first, the open one marked; 新旧对照
  // compares the open version with another, article by article.
  function renderVersions(id, validity) {
    const box = $('#versions');
    const versions = validity && Array.isArray(validity.versions) ? validity.versions : [];
    box.hidden = versions.length === 0;
    $('#versions-list').replaceChildren(...versions.map((v) => {
      const facts = [v.date && `${v.date} 版`, v.effective && `${v.effective} 施行`].filter(Boolean).join(' · ');
      const here = v.doc === id;
      return el('li', { class: 'related-item' }, [
        here ? el('strong', { text: `${v.title}（本版本）` })
          : el('a', { href: readerUrl(v.doc), 'data-nav': true, text: v.title || v.doc }),
        facts ? el('span', { class: 'muted related-facts', text: facts }) : null,
        here ? null : el('a', {
          class: 'related-facts',
          // The older version is A, the newer B.
          href: '/?' + new URLSearchParams({
            tool: 'compare', ...(v.date <= (validity.versions.find((x) => x.doc === id) || {}).date
              ? { a: v.doc, b: id } : { a: id, b: v.doc }), by: 'article',
          }).toString(),
          'data-nav': true,
          text: '新旧对照',
        }),
      ]);
    }));
  }

  // How each linked document stands to the open one (see search::links on the server).
  const RELATIONS = {
    issues: '本文印发',
    issued_by: '印发本文的通知',
    mentions: '本文提及',
    mentioned_by: '提及本文',
    cites: '本文引用其文号',
    cited_by: '引用本文文号',
  };

  // Documents of the corpus this one issues, names or cites, and those that issue, name or cite it.
  function renderRelated(links) {
    const box = $('#related');
    box.hidden = links.length === 0;
    $('#related-list').replaceChildren(...links.map((l) => {
      const facts = [l.doc_number, l.date].filter(Boolean).join(' · ');
      const also = Array.isArray(l.also) && l.also.length
        ? `（另有 ${l.also.length} 种格式）` : '';
      return el('li', { class: 'related-item', dataset: { relation: l.relation } }, [
        el('span', { class: 'related-relation', text: RELATIONS[l.relation] || l.relation }),
        el('a', { href: readerUrl(l.doc), 'data-nav': true, text: l.title || l.doc }),
        facts || also ? el('span', { class: 'muted related-facts', text: `${facts}${also}` }) : null,
      ]);
    }));
  }

  // The original file, in the sticky bar so that it is at hand at any paragraph. A PDF opens
  // in the browser's viewer (at a page, see updateOriginalLink); other formats are downloaded:
  // browsers cannot show DOCX/DOC/OFD, and a stored HTML page is not to run in this origin.
  function setupOriginalLink(id, label) {
    const link = $('#reader-original');
    const name = String(id).split('/').pop();
    link.setAttribute('href', originalUrl(id));
    for (const attr of ['target', 'rel', 'download']) link.removeAttribute(attr);
    if (readerDoc.format === 'pdf') {
      link.setAttribute('target', '_blank');
      link.setAttribute('rel', 'noopener');
      link.title = `在新标签页中打开 ${label} 原文`;
      link.textContent = '打开原文';
    } else {
      link.setAttribute('download', name);
      link.title = `下载${label ? ' ' + label + ' ' : ''}原文：${name}`;
      link.textContent = label ? `下载原文（${label}）` : '下载原文';
    }
    link.hidden = false;
  }

  // The PDF link opens at the selected paragraph's page.
  function updateOriginalLink(paragraph) {
    const link = $('#reader-original');
    if (!link || readerDoc.format !== 'pdf') return;
    const page = readerDoc.pages.get(paragraph);
    link.setAttribute('href', originalUrl(readerDoc.id, page));
    link.textContent = page ? `打开原文第 ${page} 页` : '打开原文（PDF）';
    link.title = page ? `在新标签页中打开 PDF 原文第 ${page} 页（第 ${paragraph} 段所在页）` : '在新标签页中打开 PDF 原文';
  }

  // Top- and second-level headings from the paragraphs' section paths; each
  // entry points to the first paragraph of that section and counts matches.
  function buildOutline(paras) {
    const entries = [];
    let prev = [];
    let current = [null, null];
    for (const p of paras) {
      const sec = Array.isArray(p.section) ? p.section : [];
      for (let level = 0; level < Math.min(2, sec.length); level++) {
        const changed = sec.slice(0, level + 1).some((t, i) => t !== prev[i]);
        if (changed) {
          const entry = { level, title: sec[level], paragraph: p.paragraph, matches: 0 };
          entries.push(entry);
          current[level] = entry;
          if (level === 0) current[1] = null;
        }
      }
      current = current.map((entry, level) => (level < sec.length ? entry : null));
      for (const entry of current) if (entry) entry.matches += p.matches || 0;
      prev = sec;
    }
    return entries;
  }

  function renderOutline(paras) {
    const entries = buildOutline(paras);
    const nav = $('#outline');
    if (!entries.length) {
      nav.replaceChildren(el('p', { class: 'muted', text: '本文没有可识别的章节标题。' }));
      return;
    }
    nav.replaceChildren(el('ol', {}, entries.map((e) => el('li', { class: `outline-item level-${e.level + 1}` },
      el('a', { href: `#p-${e.paragraph}`, dataset: { p: String(e.paragraph) }, title: e.title }, [
        el('span', { class: 'outline-title', text: e.title }),
        e.matches ? el('span', { class: 'outline-count', title: `${e.matches} 处匹配`, text: String(e.matches) }) : null,
      ])))));
  }

  // In paged documents a divider marks where each page starts; in a PDF it opens that page.
  function pageMarker(docId, page) {
    const text = `第 ${page} 页`;
    const label = readerDoc.format === 'pdf'
      ? el('a', {
        class: 'page-label', href: originalUrl(docId, page), target: '_blank', rel: 'noopener',
        title: `在新标签页中打开原文第 ${page} 页`, text,
      })
      : el('span', { class: 'page-label', text });
    return el('div', { class: 'page-marker', id: `page-${page}`, dataset: { page: String(page) } }, label);
  }

  function renderParagraphs(docId, paras, s, citations) {
    const nodes = [];
    let page = 0;
    let article = null;
    const citedBy = citations.cited_by || {};
    const cites = new Map();
    for (const c of citations.cites || []) {
      if (!cites.has(c.paragraph)) cites.set(c.paragraph, []);
      cites.get(c.paragraph).push(c);
    }
    for (const p of paras) {
      if (p.page && p.page !== page) {
        page = p.page;
        nodes.push(pageMarker(docId, page));
      }
      const node = paragraphNode(docId, p, s);
      // The articles this paragraph cites, each a link to it.
      const own = cites.get(p.paragraph);
      if (own) {
        node.append(el('div', { class: 'para-cites muted' }, ['引用：', ...own.flatMap((c, i) => [
          i ? '、' : '',
          // Opens the cited document at the article: its heading is the first match of 第N条.
          el('a', { href: readerUrl(c.doc, 0, c.citation.split('》').pop()), 'data-nav': true, text: c.citation }),
        ])]));
      }
      // 引用本条: under an article's first paragraph, the paragraphs of the corpus citing it.
      if (p.article && p.article !== article) {
        article = p.article;
        node.dataset.article = String(p.article);
        const by = citedBy[String(p.article)] || [];
        if (by.length) {
          node.append(el('details', { class: 'cited-by' }, [
            el('summary', { class: 'muted', text: `引用本条（${by.length}）` }),
            el('ul', {}, by.map((c) => el('li', {}, [
              el('a', { href: readerUrl(c.doc, c.paragraph), 'data-nav': true, text: `${c.title} 第 ${c.paragraph} 段` }),
            ]))),
          ]));
        }
      }
      nodes.push(node);
    }
    if (!nodes.length) nodes.push(el('p', { class: 'muted', text: '此文档没有正文段落。' }));
    $('#reader-text').replaceChildren(...nodes);
  }

  function paragraphNode(docId, p, s) {
    const sec = Array.isArray(p.section) ? p.section : [];
    // A paragraph that is exactly its own section title is a heading.
    const isHeading = sec.length > 0 && sec[sec.length - 1].trim() === String(p.text || '').trim();
    const classes = ['para'];
    if (isHeading) classes.push('para-heading', `level-${Math.min(sec.length, 3)}`);
    if (p.paragraph === s.p) classes.push('target');
    if (p.matches) classes.push('has-match');
    return el('div', { class: classes.join(' '), id: `p-${p.paragraph}`, dataset: { p: String(p.paragraph) } }, [
      el('a', {
        class: 'para-num',
        href: readerUrl(docId, p.paragraph, s.q),
        title: `第 ${p.paragraph} 段${p.page ? `（第 ${p.page} 页）` : ''}${p.citation ? ` · ${p.citation}` : ''} · 点击把本段链接放入地址栏`,
        text: String(p.paragraph),
      }),

      // `html` is escaped by the server, with <mark> around query matches.
      p.html != null
        ? el('div', { class: 'para-text', html: p.html })
        : el('div', { class: 'para-text', text: p.text || '' }),
      // A paragraph of an article says how to cite it when it is the selected one (CSS).
      p.citation ? el('div', { class: 'para-citation muted', text: `引用：${p.citation}` }) : null,
    ]);
  }

  // Mark a paragraph as the target and put it in the URL (replaceState: a
  // click inside the reader is not worth a back-button step).
  function selectParagraph(n, { scroll = true } = {}) {
    const node = document.getElementById('p-' + n);
    if (!node) return;
    for (const old of document.querySelectorAll('#reader-text .para.target')) old.classList.remove('target');
    node.classList.add('target');
    const s = readState();
    const url = readerUrl(s.doc, n, s.q);
    window.history.replaceState(window.history.state, '', url);
    updateOriginalLink(n);
    if (scroll) node.scrollIntoView({ block: 'start', behavior: scrollBehavior() });
  }

  function setupMatches(s) {
    marks = Array.from(document.querySelectorAll('#reader-text mark'));
    markIndex = -1;
    const nav = $('.match-nav');
    nav.hidden = !s.q;
    $('.match-prev').disabled = $('.match-next').disabled = marks.length === 0;
    $('#match-count').textContent = marks.length ? `本文共 ${marks.length} 处匹配` : '本文无匹配';
  }

  // Step through the <mark>s. The first step starts from what is on screen,
  // so it follows the reader's own scrolling.
  function jumpMatch(delta) {
    if (!marks.length) return;
    if (markIndex < 0) {
      const line = stickyOffset() + 8;
      const below = marks.findIndex((m) => m.getBoundingClientRect().top >= line);
      if (delta > 0) markIndex = below < 0 ? 0 : below;
      else markIndex = below <= 0 ? marks.length - 1 : below - 1;
    } else {
      markIndex = (markIndex + delta + marks.length) % marks.length;
    }
    for (const m of marks) m.classList.remove('current');
    const mark = marks[markIndex];
    mark.classList.add('current');
    mark.scrollIntoView({ block: 'center' });
    $('#match-count').textContent = `第 ${markIndex + 1} / ${marks.length} 处`;
  }

  function stickyOffset() {
    const bar = $('.reader-bar');
    return bar ? bar.getBoundingClientRect().bottom : 0;
  }

  // ------------------------------------------------------------------ analyze

  async function runAnalyze(event) {
    event.preventDefault();
    const text = $('#analyze-input').value.trim();
    const out = $('#analyze-output');
    if (!text) { out.hidden = true; return; }
    try {
      const data = await fetchJSON('/api/analyze?text=' + encodeURIComponent(text));
      const row = (label, value) => el('div', { class: 'analyze-row' }, [
        el('span', { class: 'analyze-label', text: label }),
        el('span', { class: 'analyze-value', text: value }),
      ]);
      const join = (list) => (Array.isArray(list) && list.length ? list.join(' / ') : '—');
      out.replaceChildren(
        row('归一化', data.folded || ''),
        row('分词', join(data.words)),
        row('词典词', join(data.known_words)),
        row('二元组', join(data.bigrams)),
      );
      out.hidden = false;
    } catch (err) {
      showError(err.message || String(err));
    }
  }

  // ------------------------------------------------------------------ events

  function onSubmit(event) {
    event.preventDefault();
    const q = $('#q').value.trim();
    if (!q) { navigate('/'); return; }
    const s = readState();
    // A new query keeps the search's filters, sort and view (they are shown
    // as chips), but not a document that was merely open in the reader.
    const next = s.read
      ? { q, page: 1 }
      : Object.assign({}, s, { q, page: 1 });
    navigate(searchUrl(next));
  }

  // Intercept plain left clicks on in-app links; modified clicks (new tab)
  // keep working because every link has a real href.
  function onLinkClick(event) {
    const link = event.target.closest('a[data-nav]');
    if (!link || event.defaultPrevented || event.button !== 0
      || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const href = link.getAttribute('href');
    const state = window.history.state;
    if (link.classList.contains('reader-back') && state && state.back === href) {
      window.history.back();
      return;
    }
    navigate(href);
  }

  function onKeyDown(event) {
    if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !event.isComposing) {
      const t = event.target;
      if (t instanceof Element && (t.closest('input, textarea, select') || t.isContentEditable)) return;
      event.preventDefault();
      const q = $('#q');
      q.focus();
      q.select();
    } else if (event.key === 'Escape' && !$('#help').hidden) {
      // Closing the panel would drop a focus inside it on the body: give it to the toggle.
      const inside = $('#help').contains(document.activeElement);
      toggleHelp(false);
      if (inside) $('#help-toggle').focus();
    }
  }

  function toggleHelp(show) {
    const help = $('#help');
    const open = typeof show === 'boolean' ? show : help.hidden;
    help.hidden = !open;
    $('#help-toggle').setAttribute('aria-expanded', String(open));
  }

  // Facets and the outline are <details>: always open on wide screens (the
  // summary is hidden there by CSS), collapsed by default on phones.
  function syncCollapsibles() {
    for (const id of ['facets-box', 'outline-box']) $('#' + id).open = !NARROW.matches;
  }

  function bindEvents() {
    $('#search-form').addEventListener('submit', onSubmit);
    document.addEventListener('click', onLinkClick);
    document.addEventListener('keydown', onKeyDown);
    window.addEventListener('popstate', () => {
      const y = window.history.state && window.history.state.scrollY;
      render({ scrollY: typeof y === 'number' ? y : undefined, focus: true });
    });

    $('#help-toggle').addEventListener('click', () => toggleHelp());
    $('#analyze-form').addEventListener('submit', runAnalyze);

    $('#facets').addEventListener('click', (event) => {
      const more = event.target.closest('.facet-more');
      if (more) {
        const group = more.closest('.facet-group');
        const expanded = group.classList.toggle('expanded');
        more.textContent = expanded ? '收起' : `展开全部(${group.querySelectorAll('.facet').length})`;
        more.setAttribute('aria-expanded', String(expanded));
        return;
      }
      const facet = event.target.closest('.facet');
      if (facet) toggleFacet(facet.dataset.kind, facet.dataset.value);
    });

    $('#sort').addEventListener('change', (event) => {
      navigate(searchUrl(Object.assign(readState(), { sort: event.target.value, page: 1 })), { focus: false });
    });
    $('#view-toggle').addEventListener('click', (event) => {
      const btn = event.target.closest('button[data-view]');
      if (!btn) return;
      const s = readState();
      if (s.view !== btn.dataset.view) {
        navigate(searchUrl(Object.assign(s, { view: btn.dataset.view, page: 1 })), { focus: false });
      }
    });
    $('#pager .prev').addEventListener('click', () => goToPage(-1));
    $('#pager .next').addEventListener('click', () => goToPage(1));

    $('#doc-filter').addEventListener('input', renderDocList);

    $('#outline').addEventListener('click', (event) => {
      const link = event.target.closest('a[data-p]');
      if (!link) return;
      event.preventDefault(); // a #hash change would add a history entry
      if (NARROW.matches) $('#outline-box').open = false; // get the list out of the way on phones
      selectParagraph(Number(link.dataset.p));
    });
    $('#reader-text').addEventListener('click', (event) => {
      const num = event.target.closest('.para-num');
      if (!num || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      selectParagraph(Number(num.closest('.para').dataset.p), { scroll: false });
    });
    $('.match-prev').addEventListener('click', () => jumpMatch(-1));
    $('.match-next').addEventListener('click', () => jumpMatch(1));

    NARROW.addEventListener('change', syncCollapsibles);
  }

  function init() {
    // Scroll positions are restored by hand, after the async re-render.
    if ('scrollRestoration' in window.history) window.history.scrollRestoration = 'manual';
    bindEvents();
    syncCollapsibles();
    const y = window.history.state && window.history.state.scrollY;
    render({ scrollY: typeof y === 'number' ? y : undefined });
    const q = $('#q');
    q.focus();
    q.setSelectionRange(q.value.length, q.value.length);
  }

  init();
})();
