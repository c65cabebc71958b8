// A table that renders only the rows in view (fixed row height), so a 1,000-switch fabric is as
// cheap to show and to refresh as a 40-switch one.

const ROW = 28;

export function virtualTable(container, columns, onRowClick) {
  container.classList.add('virtual');
  container.innerHTML = `<div class="spacer"></div><table><thead><tr>${columns.map((c) => `<th>${c.header}</th>`).join('')}</tr></thead><tbody></tbody></table>`;
  const spacer = container.querySelector('.spacer');
  const table = container.querySelector('table');
  const body = container.querySelector('tbody');
  let rows = [];
  const paint = () => {
    const first = Math.max(0, Math.floor(container.scrollTop / ROW) - 5);
    const count = Math.ceil(container.clientHeight / ROW) + 10;
    table.style.top = `${first * ROW}px`;
    body.innerHTML = rows
      .slice(first, first + count)
      .map((r) => `<tr style="height:${ROW}px" data-key="${r.key}" class="${r.className ?? ''}">${columns.map((c) => `<td class="${c.className ?? ''}">${c.cell(r)}</td>`).join('')}</tr>`)
      .join('');
  };
  container.addEventListener('scroll', paint);
  body.addEventListener('click', (e) => {
    const tr = e.target.closest('tr');
    if (tr && onRowClick) onRowClick(tr.dataset.key);
  });
  return {
    set(next) {
      rows = next;
      spacer.style.height = `${(rows.length + 1) * ROW}px`;
      paint();
    },
  };
}

export const escapeHtml = (s) => String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
