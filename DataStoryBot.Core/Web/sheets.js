// The sheet picker of an Excel upload (issue 14): the workbook's sheets (name, rows, columns), which one is read, and a
// button per other sheet with data. Reading another sheet means uploading the same workbook again with ?sheet=NAME
// (the API's way to switch: each session holds one sheet's data); app.js does that and deletes the superseded session.
// Everything from the workbook is put into the page with textContent, never as HTML.

const numberFormat = new Intl.NumberFormat();
const formatNumber = (n) => (typeof n === 'number' ? numberFormat.format(n) : String(n ?? ''));

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.className = value;
    else if (key === 'on') for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/**
 * Renders the picker into `host` for a profile's `file`; hides it unless the file is a workbook with more than one sheet.
 * @param {HTMLElement} host
 * @param {{ sheets?: { name: string, usedRange: string|null, rows: number, columns: number, chosen: boolean }[] }} file
 * @param {{ hasFile: boolean, onChoose: (name: string, ui: SheetPickerUi) => void }} options
 *   hasFile: the workbook is still in the page (not after a reload);
 *   onChoose: called with the sheet's name and the picker's handle for progress and problems.
 */
export function renderSheets(host, file, { hasFile = true, onChoose }) {
  const sheets = Array.isArray(file?.sheets) ? file.sheets : [];
  if (sheets.length < 2) {
    host.hidden = true;
    host.replaceChildren();
    return;
  }
  const chosen = sheets.find((s) => s.chosen);
  const status = el('p', { class: 'sheet-status', id: 'sheet-status', role: 'status' });
  const problem = el('div', { class: 'problem', id: 'sheet-error', role: 'alert', hidden: true });
  const buttons = [];
  /** @typedef {{ problem: HTMLElement, progress: (sent: number, total: number) => void, done: () => void }} SheetPickerUi */
  const choose = (sheet, button) => {
    if (button.getAttribute('aria-disabled') === 'true') return;
    problem.hidden = true;
    problem.replaceChildren();
    // Kept focusable (aria-disabled, not disabled) so that focus stays on the button while the sheet is read.
    for (const b of buttons) b.setAttribute('aria-disabled', 'true');
    button.textContent = 'Reading…';
    status.textContent = `Reading sheet “${sheet.name}”…`;
    onChoose(sheet.name, {
      problem,
      progress(sent, total) {
        const percent = total > 0 ? Math.min(100, Math.round((sent / total) * 100)) : 0;
        status.textContent = percent >= 100 ? `Reading sheet “${sheet.name}”…` : `Uploading the workbook again to read “${sheet.name}”… ${percent}%`;
      },
      done() {
        for (const b of buttons) b.removeAttribute('aria-disabled');
        button.textContent = 'Read this sheet';
        status.textContent = '';
      },
    });
  };

  const rows = sheets.map((sheet, index) => {
    const id = `sheet-name-${index}`;
    let action;
    if (sheet.chosen) {
      action = el('span', { class: 'sheet-state', text: 'Being read' });
    } else if (!(sheet.rows > 0)) {
      action = el('span', { class: 'sheet-empty', text: 'No values' });
    } else {
      const button = el('button', {
        type: 'button',
        class: 'button small',
        text: 'Read this sheet',
        'aria-label': `Read this sheet: ${sheet.name}`,
      });
      button.addEventListener('click', () => choose(sheet, button));
      buttons.push(button);
      action = button;
    }
    return el('tr', { class: sheet.chosen ? 'chosen' : null, 'aria-current': sheet.chosen ? 'true' : null },
      el('th', { scope: 'row', id, text: sheet.name }),
      el('td', { class: 'num', text: formatNumber(sheet.rows) }),
      el('td', { class: 'num', text: formatNumber(sheet.columns) }),
      el('td', {}, action));
  });

  host.replaceChildren(
    el('h3', { id: 'sheets-heading', text: 'Sheets in this workbook' }),
    el('p', { class: 'hint', id: 'sheets-hint' },
      el('span', { text: `Reading “${chosen?.name ?? ''}”. To read another sheet, choose it: the workbook is uploaded again and read from that sheet, and this sheet’s data, with any stories found in it, is deleted from the server.` }),
      hasFile ? null : el('span', { text: ' The page was reloaded since the upload, so you will be asked to choose the workbook again.' })),
    el('div', { class: 'table-scroll' },
      el('table', { class: 'sheets-table', 'aria-labelledby': 'sheets-heading', 'aria-describedby': 'sheets-hint' },
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col', text: 'Sheet' }),
          el('th', { scope: 'col', class: 'num', text: 'Rows with values' }),
          el('th', { scope: 'col', class: 'num', text: 'Columns' }),
          el('th', { scope: 'col' }, el('span', { class: 'visually-hidden', text: 'State' })))),
        el('tbody', {}, rows))),
    status,
    problem);
  host.hidden = false;
}

/**
 * Asks the user to choose the workbook again (after a reload the page no longer holds it); resolves the File, or
 * null when the chooser was cancelled.
 * @param {HTMLElement} host where the temporary input lives while the chooser is open
 */
export function askForWorkbook(host) {
  return new Promise((resolve) => {
    const input = el('input', {
      type: 'file',
      class: 'visually-hidden',
      tabindex: '-1',
      'aria-hidden': 'true',
      accept: '.xlsx,.xlsm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel.sheet.macroEnabled.12',
    });
    const finish = (file) => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => finish(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => finish(null), { once: true });
    host.append(input);
    input.click();
  });
}
