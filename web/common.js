// 政策文件检索 — what every view uses: the DOM helper, the URL's state, fetching (with a small
// cache), the document list, file formats, why a file was skipped, and the error banner.

export const PAGE_SIZE = 10;
export const FILTER_KEYS = ['doc', 'kind', 'issuer', 'level', 'status', 'section', 'region', 'year', 'from', 'to'];
// Formats as the server names them (docs list `format`, `metadata.format`) and as badges.
const FORMAT_LABELS = { pdf: 'PDF', ofd: 'OFD', docx: 'DOCX', doc: 'DOC', html: 'HTML', text: 'TXT' };
// Until the docs list has told us, a document's format is guessed from its id's extension.
const EXTENSION_FORMATS = {
  pdf: 'pdf', ofd: 'ofd', docx: 'docx', docm: 'docx', dotx: 'docx', doc: 'doc', dot: 'doc', wps: 'doc',
  wpt: 'doc', html: 'html', htm: 'html', xhtml: 'html', shtml: 'html', txt: 'text', text: 'text', md: 'text',
  markdown: 'text',
};
// Whoever asked their system for less motion gets jumps instead of smooth scrolling.
const REDUCED_MOTION = window.matchMedia('(prefers-reduced-motion: reduce)');
export const scrollBehavior = () => (REDUCED_MOTION.matches ? 'auto' : 'smooth');

export const $ = (sel, root = document) => root.querySelector(sel);

// ---------------------------------------------------------------- DOM helper

// el('a', {class: 'x', text: 'y', href: '/'}, [children]).
// `text` uses textContent; `html` is reserved for server-escaped fields.
export function el(tag, props = {}, children = []) {
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

export function readState(search = window.location.search) {
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
export function searchUrl(s) {
  const params = new URLSearchParams();
  if (s.q) params.set('q', s.q);
  for (const key of FILTER_KEYS) if (s[key]) params.set(key, s[key]);
  if (s.sort === 'date') params.set('sort', 'date');
  if (s.view === 'doc') params.set('view', 'doc');
  if (s.page > 1) params.set('page', String(s.page));
  const qs = params.toString();
  return qs ? '/?' + qs : '/';
}

export function readerUrl(doc, paragraph, q) {
  const params = new URLSearchParams({ read: '1', doc });
  if (paragraph) params.set('p', String(paragraph));
  if (q) params.set('q', q);
  return '/?' + params.toString();
}

export function apiSearchUrl(s) {
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

export function apiDocUrl(id, q) {
  // The id contains '/', so it is encoded as ONE path segment (%2F).
  return '/api/docs/' + encodeURIComponent(id) + (q ? '?q=' + encodeURIComponent(q) : '');
}

// The file as stored. A PDF viewer opens at `page` (the #page=N open parameter).
export function originalUrl(id, page) {
  return '/api/docs/' + encodeURIComponent(id) + '/original' + (page ? '#page=' + page : '');
}

export const hasFilters = (s) => FILTER_KEYS.some((key) => s[key]);
export const isYear = (v) => /^\d{4}$/.test(v);
// ---------------------------------------------------------------- fetching

// Small LRU so back/forward and re-sorting feel instant. Entries expire
// quickly because the server may re-index (watch mode) while we are open.
const cache = new Map();
const CACHE_MAX = 40;
const CACHE_TTL_MS = 60 * 1000;

export async function fetchJSON(url, signal) {
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
export const docTitles = new Map();
export const docDates = new Map();
const docFormats = new Map();

// Resolves to { docs, skipped }: the readable documents, and the corpus files that could
// not be read, each with its reason.
export function loadDocs() {
  if (!docsPromise) {
    docsPromise = fetchJSON('/api/docs').then((data) => {
      const docs = Array.isArray(data.documents) ? data.documents : [];
      for (const d of docs) {
        if (d.title) docTitles.set(d.id, d.title);
        if (d.date) docDates.set(d.id, String(d.date));
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

// The collection may have changed since the list was loaded: the next loadDocs asks again.
export function forgetDocs() {
  docsPromise = null;
}

// ------------------------------------------------------------------ formats

function extensionOf(id) {
  const m = /\.([A-Za-z0-9]+)$/.exec(String(id));
  return m ? m[1].toLowerCase() : '';
}

// What the server read the file as (a .pdf may be a DOCX inside), else the extension's format.
export function formatOf(id, known) {
  return known || docFormats.get(id) || EXTENSION_FORMATS[extensionOf(id)] || '';
}

export function formatLabel(id, known) {
  const format = formatOf(id, known);
  if (format === 'doc' && ['wps', 'wpt'].includes(extensionOf(id))) return 'WPS';
  return FORMAT_LABELS[format] || format.toUpperCase();
}

export function formatBadge(id, known) {
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

export function explainReason(reason) {
  const raw = String(reason || '');
  for (const [pattern, text] of SKIP_REASONS) {
    const m = pattern.exec(raw);
    if (m) return { text, detail: m[1] || '' };
  }
  return { text: raw || '原因不详', detail: '' };
}

// ------------------------------------------------------------------ errors

export function showError(message) {
  const box = $('#error');
  box.replaceChildren(
    el('span', { class: 'error-text', text: message }),
    // The × is drawn by CSS so that #error's text is exactly the message.
    el('button', { type: 'button', class: 'error-close', 'aria-label': '关闭', title: '关闭', onclick: hideError }),
  );
  box.hidden = false;
}

export function hideError() {
  $('#error').hidden = true;
}
