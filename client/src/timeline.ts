import { h } from './dom';

const DAY = 86_400_000;

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function dayMs(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`);
}

export interface Timeline {
  /** Current date filter or null for "all dates". */
  value(): string | null;
  set(at: string | null, notify?: boolean): void;
  /** Widens the slider to cover the dates seen in the data. */
  setRange(dates: string[]): void;
}

/**
 * A date slider: off shows every relationship; on, only those valid on the chosen day
 * (since ≤ day < until). Changes are debounced into `onChange`.
 */
export function timeline(root: HTMLElement, onChange: (at: string | null) => void): Timeline {
  let min = dayMs('2015-01-01');
  let max = Date.now();
  const enabled = h('input', { type: 'checkbox', id: 'time-enabled' });
  const slider = h('input', {
    type: 'range',
    id: 'time-slider',
    'aria-label': 'Date',
    min: 0,
    max: Math.round((max - min) / DAY),
    step: 1,
    disabled: true,
  });
  const date = h('input', { type: 'date', id: 'time-date', 'aria-label': 'Date', disabled: true });
  const label = h('p', { class: 'hint', id: 'time-label', 'aria-live': 'polite' }, 'All dates');
  let timer: ReturnType<typeof setTimeout> | undefined;

  const current = () => (enabled.checked ? isoDay(min + Number(slider.value) * DAY) : null);
  const sync = (notify: boolean) => {
    slider.disabled = !enabled.checked;
    date.disabled = !enabled.checked;
    const at = current();
    if (at) date.value = at;
    label.textContent = at ? `Relationships valid on ${at}` : 'All dates';
    if (notify) {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => onChange(current()), 150);
    }
  };
  const setDay = (iso: string) => {
    const ms = dayMs(iso);
    if (Number.isNaN(ms)) return;
    if (ms < min) min = ms;
    if (ms > max) max = ms;
    slider.max = String(Math.round((max - min) / DAY));
    slider.value = String(Math.round((ms - min) / DAY));
  };

  enabled.addEventListener('change', () => sync(true));
  slider.addEventListener('input', () => sync(true));
  date.addEventListener('change', () => {
    if (date.value) setDay(date.value);
    sync(true);
  });
  root.append(
    h('div', { class: 'row' }, enabled, h('label', { for: 'time-enabled' }, 'Filter by date')),
    slider,
    date,
    label,
  );
  setDay(isoDay(max));
  sync(false);

  return {
    value: current,
    set(at, notify = false) {
      enabled.checked = !!at;
      if (at) setDay(at);
      sync(notify);
    },
    setRange(dates) {
      const keep = current();
      const ms = dates.map(dayMs).filter((n) => !Number.isNaN(n));
      if (!ms.length) return;
      min = Math.min(min, Math.min(...ms) - 365 * DAY);
      max = Math.max(max, Math.max(...ms) + 180 * DAY);
      slider.max = String(Math.round((max - min) / DAY));
      setDay(keep ?? isoDay(Date.now()));
      sync(false);
    },
  };
}
