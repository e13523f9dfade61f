import { h, replaceChildren } from './dom';

const DAY = 86_400_000;

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function dayMs(iso: string): number {
  return Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
}

/** A date seen on the canvas: a relationship's start or end, or an event's date. */
export interface DateMark {
  date: string;
  kind: 'since' | 'until' | 'event';
}

export type PlayStep = 'day' | 'month' | 'year';
export const PLAY_STEPS: PlayStep[] = ['day', 'month', 'year'];
/** Playback speeds, in steps per second. */
export const PLAY_SPEEDS = [1, 2, 4, 8] as const;

/** The day one step after `iso` (months and years keep the day of month where they can). */
export function stepDay(iso: string, step: PlayStep): string {
  const d = new Date(dayMs(iso));
  if (step === 'day') d.setUTCDate(d.getUTCDate() + 1);
  else if (step === 'month') d.setUTCMonth(d.getUTCMonth() + 1);
  else d.setUTCFullYear(d.getUTCFullYear() + 1);
  return isoDay(d.getTime());
}

/** Calendar months for spans up to six years, calendar years beyond, covering [min, max]. */
export function calendarBins(min: number, max: number): { start: number; end: number }[] {
  const byMonth = max - min <= 6 * 366 * DAY;
  const d = new Date(min);
  d.setUTCDate(1);
  if (!byMonth) d.setUTCMonth(0);
  const out: { start: number; end: number }[] = [];
  while (d.getTime() <= max) {
    const start = d.getTime();
    if (byMonth) d.setUTCMonth(d.getUTCMonth() + 1);
    else d.setUTCFullYear(d.getUTCFullYear() + 1);
    out.push({ start, end: d.getTime() });
  }
  return out;
}

export interface Timeline {
  /** Current date filter or null for "all dates". */
  value(): string | null;
  set(at: string | null, notify?: boolean): void;
  /** Fits the slider to the dates seen in the data. */
  setRange(dates: string[]): void;
  /** Redraws the histogram under the slider from the dates now on the canvas. */
  setDates(marks: DateMark[]): void;
  /** Starts or stops playback. */
  play(on: boolean): void;
  playing(): boolean;
}

const KIND_LABEL: Record<DateMark['kind'], string> = {
  since: 'began',
  until: 'ended',
  event: 'events',
};

/**
 * A date slider: off shows every relationship; on, only those valid on the chosen day
 * (since ≤ day < until). Below it a histogram of the dates on the canvas and playback controls
 * that walk the slider forward by day, month or year. Changes are debounced into `onChange`.
 */
export function timeline(root: HTMLElement, onChange: (at: string | null) => void): Timeline {
  let min = dayMs('2015-01-01');
  let max = Date.now();
  let marks: DateMark[] = [];
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
  const histogram = h('div', { class: 'time-histogram', id: 'time-histogram', role: 'img' });
  const histogramAxis = h('div', { class: 'time-axis', 'aria-hidden': 'true' });
  const playBtn = h(
    'button',
    { type: 'button', id: 'time-play', 'aria-pressed': 'false', title: 'Play through time' },
    'Play',
  );
  const stepSelect = h(
    'select',
    { id: 'time-step', 'aria-label': 'Playback step' },
    PLAY_STEPS.map((s) => h('option', { value: s, selected: s === 'month' }, s)),
  );
  const speedSelect = h(
    'select',
    {
      id: 'time-speed',
      'aria-label': 'Playback speed (steps per second)',
      title: 'Steps per second',
    },
    PLAY_SPEEDS.map((s) => h('option', { value: s, selected: s === 2 }, `${s}×`)),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  let player: ReturnType<typeof setInterval> | undefined;

  const current = () => (enabled.checked ? isoDay(min + Number(slider.value) * DAY) : null);
  const sync = (notify: boolean) => {
    slider.disabled = !enabled.checked;
    date.disabled = !enabled.checked;
    const at = current();
    if (at) date.value = at;
    label.textContent = at ? `Relationships valid on ${at}` : 'All dates';
    drawCursor();
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

  // ---- histogram ----
  const cursor = h('div', { class: 'time-cursor', 'aria-hidden': 'true' });
  function drawCursor(): void {
    const at = current();
    cursor.hidden = !at;
    if (at) cursor.style.left = `${((dayMs(at) - min) / Math.max(1, max - min)) * 100}%`;
  }
  function drawHistogram(): void {
    const span = Math.max(DAY, max - min);
    const bins = calendarBins(min, max).map((b) => ({ ...b, since: 0, until: 0, event: 0 }));
    for (const m of marks) {
      const ms = dayMs(m.date);
      if (Number.isNaN(ms) || ms < min || ms > max) continue;
      const bin = bins.find((b) => ms >= b.start && ms < b.end);
      if (bin) bin[m.kind]++;
    }
    const top = Math.max(1, ...bins.map((b) => b.since + b.until + b.event));
    const bars = bins.map((b) => {
      const from = isoDay(b.start);
      const to = isoDay(b.end - DAY);
      const left = Math.max(0, (b.start - min) / span);
      const width = (Math.min(max, b.end) - Math.max(min, b.start)) / span;
      const total = b.since + b.until + b.event;
      const parts = (['since', 'until', 'event'] as const)
        .filter((k) => b[k])
        .map((k) => h('span', { class: `seg seg-${k}`, style: `height:${(b[k] / top) * 100}%` }));
      const title = total
        ? `${from} – ${to}: ${(['since', 'until', 'event'] as const)
            .filter((k) => b[k])
            .map((k) => `${b[k]} ${KIND_LABEL[k]}`)
            .join(', ')}`
        : `${from} – ${to}`;
      return h(
        'div',
        {
          class: `bar${total ? '' : ' empty'}`,
          style: `left:${left * 100}%;width:${width * 100}%`,
          title,
          'data-from': from,
          'data-count': total,
          onclick: () => {
            enabled.checked = true;
            setDay(from < isoDay(min) ? isoDay(min) : from);
            sync(true);
          },
        },
        parts,
      );
    });
    const counted = { since: 0, until: 0, event: 0 };
    for (const m of marks) counted[m.kind]++;
    histogram.setAttribute(
      'aria-label',
      `Dates on the canvas from ${isoDay(min)} to ${isoDay(max)}: ${counted.since} relationships began, ${counted.until} ended, ${counted.event} events`,
    );
    replaceChildren(histogram, bars, cursor);
    replaceChildren(
      histogramAxis,
      h('span', {}, isoDay(min).slice(0, 7)),
      h('span', {}, isoDay(max).slice(0, 7)),
    );
    drawCursor();
  }

  // ---- playback ----
  const stopPlay = () => {
    if (player) clearInterval(player);
    player = undefined;
    playBtn.textContent = 'Play';
    playBtn.setAttribute('aria-pressed', 'false');
  };
  const tick = () => {
    const at = current();
    if (!at) return stopPlay();
    const next = stepDay(at, stepSelect.value as PlayStep);
    if (dayMs(next) > max) return stopPlay();
    setDay(next);
    sync(false);
    onChange(next); // each step at once: the debounce would swallow fast steps
  };
  const startPlay = () => {
    stopPlay();
    if (!enabled.checked) {
      // From the first date on the canvas, else from the start of the range.
      const first = marks.map((m) => m.date).sort()[0];
      enabled.checked = true;
      setDay(first ? isoDay(dayMs(first) - DAY) : isoDay(min));
      sync(false);
      onChange(current());
    }
    const perSecond = Number(speedSelect.value) || 1;
    player = setInterval(tick, 1000 / perSecond);
    playBtn.textContent = 'Pause';
    playBtn.setAttribute('aria-pressed', 'true');
  };
  playBtn.addEventListener('click', () => (player ? stopPlay() : startPlay()));
  speedSelect.addEventListener('change', () => {
    if (player) startPlay();
  });

  enabled.addEventListener('change', () => {
    if (!enabled.checked) stopPlay();
    sync(true);
  });
  slider.addEventListener('input', () => sync(true));
  date.addEventListener('change', () => {
    if (date.value) setDay(date.value);
    sync(true);
  });
  root.append(
    h('div', { class: 'row' }, enabled, h('label', { for: 'time-enabled' }, 'Filter by date')),
    slider,
    h('div', { class: 'time-histogram-wrap' }, histogram, histogramAxis),
    h(
      'p',
      { class: 'time-legend hint', 'aria-hidden': 'true' },
      h('span', { class: 'key seg-since' }),
      'began ',
      h('span', { class: 'key seg-until' }),
      'ended ',
      h('span', { class: 'key seg-event' }),
      'events',
    ),
    h(
      'div',
      { class: 'row time-play', role: 'group', 'aria-label': 'Playback' },
      playBtn,
      stepSelect,
      speedSelect,
    ),
    date,
    label,
  );
  setDay(isoDay(max));
  sync(false);
  drawHistogram();

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
      // The slider spans the data with a margin, so its steps are the data's days.
      min = Math.min(...ms) - 365 * DAY;
      max = Math.max(
        Math.max(...ms) + 180 * DAY,
        Math.min(Date.now(), Math.max(...ms) + 730 * DAY),
      );
      slider.max = String(Math.round((max - min) / DAY));
      setDay(keep ?? isoDay(Date.now()));
      sync(false);
      drawHistogram();
    },
    setDates(next) {
      marks = next;
      drawHistogram();
    },
    play: (on) => (on ? startPlay() : stopPlay()),
    playing: () => !!player,
  };
}
