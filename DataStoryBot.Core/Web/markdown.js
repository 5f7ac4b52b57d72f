// A deliberately tiny Markdown renderer: headings, paragraphs, bullet and numbered lists, block quotes,
// **bold**, *italic*, `code` and backslash escapes. It builds DOM nodes and sets only textContent, so text from the
// data or a model can never become markup. Anything it does not understand (links, images, HTML) stays literal text.
// escapeMarkdown is the page's half of the server's MarkdownText.Escape (Output/MarkdownText.cs): the same rules for
// text the page writes into Markdown itself (the story zip's story.md).

// CommonMark lets a backslash escape any ASCII punctuation character.
const ESCAPE = /\\([!-/:-@[-`{-~])/g;
const unescape = (text) => String(text).replace(ESCAPE, '$1');

/**
 * Text from the data (a chart's title or alt text, a file name) as Markdown that every viewer shows as exactly that
 * text: the characters that open links, images, HTML, emphasis, code, tables, math or attributes are escaped, line
 * breaks become spaces, a bare URL is kept from being linked, and a block marker at the start is escaped.
 */
export function escapeMarkdown(text) {
  const escaped = String(text ?? '')
    .replace(/[\r\n\u2028\u2029\u0085]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ' ')
    .replace(/[\\`*_[\]<>&~|${}]|:(?=\/\/)|(?<=www)\./gi, (c) => `\\${c}`);
  const start = /^[ \t]*/.exec(escaped)[0].length;
  const rest = escaped.slice(start);
  const ordered = /^\d{1,9}[.)]/.exec(rest);
  if (ordered) return escaped.slice(0, start) + rest.slice(0, ordered[0].length - 1) + '\\' + rest.slice(ordered[0].length - 1);
  if (/^[#\-+=>*_`~]/.test(rest) && !/^[-+]\d/.test(rest)) return `${escaped.slice(0, start)}\\${rest}`;
  return escaped;
}

/**
 * Renders Markdown into a DocumentFragment.
 * @param {string} source the Markdown text
 * @param {{ skipTitle?: string, headingLevel?: number }} options skipTitle drops a leading top-level heading equal
 *   to it (the page shows the title itself); headingLevel is the element level for '#' and '##' (default 3),
 *   deeper headings go one level down each.
 */
export function renderMarkdown(source, options = {}) {
  const base = options.headingLevel ?? 3;
  const fragment = document.createDocumentFragment();
  const lines = String(source ?? '').replace(/\r\n?/g, '\n').split('\n');
  let paragraph = [];
  let list = null;
  let first = true;

  const flushParagraph = () => {
    if (paragraph.length > 0) {
      const p = document.createElement('p');
      appendInline(p, paragraph.join(' '));
      fragment.append(p);
      paragraph = [];
    }
  };
  const closeList = () => { list = null; };

  for (const raw of lines) {
    const line = raw.trimEnd();
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*(\d{1,9})[.)]\s+(.*)$/.exec(line);
    const quote = /^\s*>\s?(.*)$/.exec(line);

    if (line.trim() === '') {
      flushParagraph();
      closeList();
      continue;
    }
    if (heading) {
      flushParagraph();
      closeList();
      const text = heading[2];
      if (first && heading[1].length === 1 && options.skipTitle && same(text, options.skipTitle)) {
        first = false;
        continue;
      }
      const level = Math.min(6, base + Math.max(0, heading[1].length - 2));
      const h = document.createElement('h' + level);
      appendInline(h, text);
      fragment.append(h);
    } else if (bullet || numbered) {
      flushParagraph();
      const kind = bullet ? 'ul' : 'ol';
      if (!list || list.localName !== kind) {
        list = document.createElement(kind);
        if (numbered && numbered[1] !== '1') list.start = Number(numbered[1]);
        fragment.append(list);
      }
      const li = document.createElement('li');
      appendInline(li, bullet ? bullet[1] : numbered[2]);
      list.append(li);
    } else if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flushParagraph();
      closeList();
      fragment.append(document.createElement('hr'));
    } else if (quote) {
      flushParagraph();
      closeList();
      const q = document.createElement('blockquote');
      appendInline(q, quote[1]);
      fragment.append(q);
    } else if (list && /^\s{2,}\S/.test(raw)) {
      // A continuation line of the current list item.
      const li = list.lastElementChild;
      li.append(' ');
      appendInline(li, line.trim());
    } else {
      closeList();
      paragraph.push(line.trim());
    }
    first = false;
  }
  flushParagraph();
  return fragment;
}

function same(a, b) {
  return unescape(a).trim().toLowerCase() === String(b).trim().toLowerCase();
}

/** Appends text with **bold**, __bold__, *italic*, _italic_ and `code` spans and backslash escapes to an element, as text nodes only. */
export function appendInline(element, text) {
  // Underscores only open after a space or '(' and close before a non-word character, so snake_case names and
  // strings like "window.__x" stay as they are; asterisks need a non-space on the inside of both ends. An escaped
  // character is its literal self.
  const pattern = /\\([!-/:-@[-`{-~])|(`+)([^`]+?)\2|\*\*(?=[^\s*])([^*]*?[^\s*])\*\*|(?<![^\s(])__(?=\S)([^_]*?\S)__(?!\w)|\*(?=[^\s*])([^*]*?[^\s*]|[^\s*])\*|(?<![^\s(])_(?=\S)([^_]*?\S)_(?!\w)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) element.append(text.slice(last, match.index));
    let node;
    if (match[1] !== undefined) {
      node = match[1];
    } else if (match[3] !== undefined) {
      node = document.createElement('code');
      node.textContent = match[3];
    } else if (match[4] !== undefined || match[5] !== undefined) {
      node = document.createElement('strong');
      appendInline(node, match[4] ?? match[5]);
    } else {
      node = document.createElement('em');
      appendInline(node, match[6] ?? match[7]);
    }
    element.append(node);
    last = match.index + match[0].length;
  }
  if (last < text.length) element.append(text.slice(last));
}
