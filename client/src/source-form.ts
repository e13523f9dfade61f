import type { SearchResult, SourceRef, WriteProvenance } from './api';
import { h } from './dom';
import { entityPicker } from './search';

/** The model's confidence is 0..1 (1 = stated outright); these are the steps the seed uses. */
const CONFIDENCE_STEPS: { value: number; label: string }[] = [
  { value: 1, label: 'Stated outright (1.0)' },
  { value: 0.8, label: 'Strongly implied (0.8)' },
  { value: 0.7, label: 'Implied (0.7)' },
  { value: 0.6, label: 'Inferred (0.6)' },
  { value: 0.4, label: 'Weak, unconfirmed (0.4)' },
];

export interface SourceForm {
  root: HTMLElement;
  /** The provenance, or the first problem as `{ field, message }` (the field is focused). */
  read(): WriteProvenance | { field: HTMLElement; message: string };
  /** Starts from an existing source (the element's own, when editing). */
  preset(source: { id: string; name: string } | null): void;
}

let counter = 0;

/**
 * Where a write comes from: an existing Source picked by search, or a new one (title, URL,
 * date); the evidence phrase; the confidence; an optional reason. Every edit carries it.
 */
export function sourceForm(opts: {
  search: (q: string) => Promise<SearchResult[]>;
  /** Asks for a reason (retract, revert) instead of offering it as optional. */
  reasonRequired?: boolean;
}): SourceForm {
  const p = `src${++counter}`;
  const mode = (v: 'existing' | 'new', label: string, checked: boolean) =>
    h(
      'label',
      { class: 'choice' },
      h('input', { type: 'radio', name: `${p}-mode`, value: v, checked }),
      ` ${label}`,
    );
  const existingRadio = mode('existing', 'Existing source', true);
  const newRadio = mode('new', 'New source', false);
  const picker = entityPicker({
    id: `${p}-existing`,
    label: 'Source',
    visibleLabel: true,
    placeholder: 'Search sources…',
    search: async (q) => (await opts.search(q)).filter((r) => r.labels.includes('Source')),
    onPick: () => undefined,
  });
  const title = h('input', { id: `${p}-title`, type: 'text', maxlength: 300 });
  const url = h('input', { id: `${p}-url`, type: 'url', placeholder: 'https://…' });
  const date = h('input', { id: `${p}-date`, type: 'date' });
  const existingBox = h('div', { class: 'source-existing' }, picker.root);
  const newBox = h(
    'div',
    { class: 'source-new', hidden: true },
    field(`${p}-title`, 'Title', title),
    field(`${p}-url`, 'URL', url),
    field(`${p}-date`, 'Published', date),
  );
  const evidence = h('textarea', {
    id: `${p}-evidence`,
    rows: 2,
    maxlength: 2000,
    placeholder: 'What the source says, in your words',
  });
  const confidence = h(
    'select',
    { id: `${p}-confidence` },
    CONFIDENCE_STEPS.map((c) => h('option', { value: c.value }, c.label)),
  );
  const reason = h('input', { id: `${p}-reason`, type: 'text', maxlength: 500 });
  const isNew = () => (newRadio.querySelector('input') as HTMLInputElement).checked;
  const sync = () => {
    existingBox.hidden = isNew();
    newBox.hidden = !isNew();
  };
  for (const r of [existingRadio, newRadio]) r.addEventListener('change', sync);

  const root = h(
    'fieldset',
    { class: 'source-form' },
    h('legend', {}, 'Source'),
    h(
      'div',
      { class: 'choices', role: 'radiogroup', 'aria-label': 'Source' },
      existingRadio,
      newRadio,
    ),
    existingBox,
    newBox,
    field(`${p}-evidence`, 'Evidence', evidence),
    field(`${p}-confidence`, 'Confidence', confidence),
    field(`${p}-reason`, opts.reasonRequired ? 'Reason' : 'Reason (optional)', reason),
  );

  return {
    root,
    preset(source) {
      picker.set(
        source
          ? { id: source.id, name: source.name, labels: ['Source'], aliases: [], score: 0 }
          : null,
      );
    },
    read() {
      let source: SourceRef;
      if (isNew()) {
        if (!title.value.trim()) return { field: title, message: 'Give the new source a title' };
        if (url.value && !url.checkValidity())
          return { field: url, message: 'The URL is not a valid address' };
        source = {
          title: title.value.trim(),
          ...(url.value ? { url: url.value.trim() } : {}),
          ...(date.value ? { date: date.value } : {}),
        };
      } else {
        const picked = picker.value();
        if (!picked)
          return { field: picker.input, message: 'Pick a source from the list, or add a new one' };
        source = picked.id;
      }
      if (!evidence.value.trim())
        return { field: evidence, message: 'Say what the source states (evidence)' };
      if (opts.reasonRequired && !reason.value.trim())
        return { field: reason, message: 'Give a reason' };
      return {
        source,
        evidence: evidence.value.trim(),
        confidence: Number(confidence.value),
        ...(reason.value.trim() ? { reason: reason.value.trim() } : {}),
      };
    },
  };
}

/** A labelled form row. */
export function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
  );
}
