import type { RelationshipType } from '../../server/model/families';
import {
  api,
  type DatasetSummary,
  type ImportFormat,
  type ImportJob,
  type ImportPreview,
} from './api';
import { h, replaceChildren } from './dom';
import { KINDS } from './elements';

/**
 * The Import panel (editors): pick or drop a file, see the format the server detects and the
 * first records, map CSV columns (saved by name), dry-run, import with a progress bar; then each
 * dataset is a legend entry that shows or hides what it asserts, with delete.
 */

export interface DatasetsPanelDeps {
  /** A dataset was imported: bring its entities onto the canvas. */
  imported(dataset: string): Promise<void>;
  /** A dataset was deleted: drop what only it asserted from the canvas. */
  deleted(dataset: string): Promise<void>;
  setVisible(dataset: string, visible: boolean): void;
}

const FORMAT_LABEL: Record<ImportFormat, string> = {
  bods: 'BODS (JSON / JSON lines)',
  ftm: 'FollowTheMoney (JSON lines)',
  csv: 'CSV with a column mapping',
  jsonl: 'Our JSON lines',
  graphml: 'GraphML (ours, APOC, or any with a kind per node and a type per edge)',
};

/** Relationship types a CSV row can state (the model's names: a typo fails the type-check). */
const CSV_TYPES: RelationshipType[] = [
  'OWNS',
  'CONTROLS',
  'OFFICER_OF',
  'ROLE_IN',
  'BENEFITS_FROM',
  'ASSOCIATED_WITH',
  'CLIENT_OF',
  'PAID',
];

/** The CSV mapping form's state; saved by name in this browser (localStorage). */
interface MappingForm {
  ownerId: string;
  ownerName: string;
  ownerKind: string;
  ownedId: string;
  ownedName: string;
  ownedKind: string;
  type: string;
  rowId: string;
  stake: string;
  since: string;
  until: string;
  role: string;
  evidence: string;
}

const STORE = 'entity-graph.import-mappings';
const FIELDS: Array<[keyof MappingForm, string, RegExp | null]> = [
  ['ownerId', 'Owner id column', /^(owner|holder|shareholder|parent|from)[ _-]?id$/i],
  ['ownerName', 'Owner name column', /^(owner|holder|shareholder|parent|from)[ _-]?name$/i],
  ['ownerKind', 'Owner kind', /^(owner|holder|shareholder|from)[ _-]?(kind|type)$/i],
  ['ownedId', 'Owned id column', /^(company|owned|asset|subject|child|to)[ _-]?id$/i],
  ['ownedName', 'Owned name column', /^(company|owned|asset|subject|child|to)[ _-]?name$/i],
  ['ownedKind', 'Owned kind', /^(company|owned|asset|subject|to)[ _-]?(kind|type)$/i],
  ['type', 'Relationship', null],
  ['rowId', 'Row id column (one claim)', /^(row|id|claim[ _-]?id|record)$/i],
  ['stake', 'Stake column', /^(share|stake|percent(age)?|ownership)$/i],
  ['since', 'Since column', /^(since|start|start[ _-]?date|from[ _-]?date)$/i],
  ['until', 'Until column', /^(until|end|end[ _-]?date|to[ _-]?date)$/i],
  ['role', 'Role column', /^(role|position)$/i],
  ['evidence', 'Evidence column', /^(note|notes|evidence|source|comment)$/i],
];
const REQUIRED = new Set<keyof MappingForm>(['ownerId', 'ownerName', 'ownedId', 'ownedName']);

function savedMappings(): Record<string, MappingForm> {
  try {
    return JSON.parse(localStorage.getItem(STORE) ?? '{}') as Record<string, MappingForm>;
  } catch {
    return {};
  }
}

/** Kind: `kind:Person` (fixed) or `col:owner_kind` (per row). */
function kindPart(value: string): { kind?: string; kindColumn?: string } {
  if (value.startsWith('col:')) return { kindColumn: value.slice(4) };
  return { kind: value.replace(/^kind:/, '') || 'Organization' };
}

/** The form as the importer's mapping (docs/import.md, "CSV mapping"). */
export function toMapping(f: MappingForm, delimiter: string): Record<string, unknown> {
  const opt = (col: string) => (col ? col : undefined);
  return {
    delimiter,
    entities: [
      { id: f.ownerId, name: f.ownerName, ...kindPart(f.ownerKind) },
      { id: f.ownedId, name: f.ownedName, ...kindPart(f.ownedKind) },
    ],
    relationships: [
      {
        type: f.type || 'OWNS',
        from: f.ownerId,
        to: f.ownedId,
        id: opt(f.rowId),
        stake: opt(f.stake),
        since: opt(f.since),
        until: opt(f.until),
        role: opt(f.role),
        evidence: opt(f.evidence),
      },
    ],
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString()} ${n === 1 ? one : many}`;

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function datasetsPanel(root: HTMLElement, deps: DatasetsPanelDeps) {
  const list = h('div', { id: 'dataset-filters', class: 'legend', role: 'group' });
  const empty = h('p', { class: 'hint' }, 'No imported datasets yet.');
  const openBtn = h('button', { type: 'button', id: 'open-import' }, 'Import…');
  root.append(
    h('p', { class: 'hint' }, 'Imported data — click to show or hide'),
    list,
    empty,
    h('div', { class: 'row' }, openBtn),
  );
  list.setAttribute('aria-labelledby', root.getAttribute('aria-labelledby') ?? '');
  const hidden = new Set<string>();

  const refresh = async () => {
    let datasets: DatasetSummary[];
    try {
      datasets = (await api.datasets()).datasets;
    } catch {
      root.hidden = true; // viewers: no datasets API, no import
      return;
    }
    root.hidden = false;
    empty.hidden = datasets.length > 0;
    replaceChildren(
      list,
      ...datasets.map((d) => {
        const toggle = h(
          'button',
          {
            type: 'button',
            class: 'legend-item dataset-item',
            'aria-pressed': String(!hidden.has(d.id)),
            'data-dataset': d.id,
            title: `${d.name}: ${d.format?.toUpperCase() ?? ''} imported ${d.importedAt?.slice(0, 10) ?? ''}${d.importedBy ? ` by ${d.importedBy}` : ''} — show or hide`,
          },
          h('span', { class: 'dataset-swatch', 'aria-hidden': 'true' }),
          h('span', { class: 'legend-label' }, d.name),
          h(
            'span',
            { class: 'count', title: 'entities · relationships' },
            `${d.entities} · ${d.relationships}`,
          ),
        );
        toggle.addEventListener('click', () => {
          const on = hidden.has(d.id);
          if (on) hidden.delete(d.id);
          else hidden.add(d.id);
          toggle.setAttribute('aria-pressed', String(on));
          deps.setVisible(d.id, on);
        });
        const del = h(
          'button',
          {
            type: 'button',
            class: 'dataset-delete',
            'aria-label': `Delete dataset ${d.name}`,
            title: `Delete ${d.name}: its relationships and the entities only it asserts`,
          },
          '×',
        );
        del.addEventListener('click', async () => {
          if (!confirm(`Delete the dataset “${d.name}”? Entities other datasets assert stay.`)) {
            return;
          }
          del.disabled = true;
          try {
            await api.deleteDataset(d.id);
            hidden.delete(d.id);
            await deps.deleted(d.id);
          } finally {
            await refresh();
          }
        });
        return h('div', { class: 'dataset-row' }, toggle, del);
      }),
    );
  };

  const dialog = importDialog({
    imported: async (id) => {
      await refresh();
      await deps.imported(id);
    },
  });
  openBtn.addEventListener('click', () => dialog.open());
  return { refresh };
}

function importDialog(on: { imported(dataset: string): Promise<void> }) {
  const fileInput = h('input', {
    type: 'file',
    id: 'import-file',
    class: 'sr-only',
    accept: '.json,.jsonl,.ndjson,.csv,.tsv,.txt,.graphml,.xml,.gz',
  });
  const drop = h(
    'label',
    { class: 'drop-zone' },
    fileInput,
    h('strong', {}, 'Drop a file here'),
    ' or click to choose one',
    h(
      'span',
      { class: 'hint' },
      'BODS JSON or JSON lines, FollowTheMoney lines, CSV; .gz read too',
    ),
  );
  const fileInfo = h('p', { class: 'file-info', 'aria-live': 'polite' });
  const formatSelect = h(
    'select',
    { id: 'import-format' },
    ...(Object.keys(FORMAT_LABEL) as ImportFormat[]).map((f) =>
      h('option', { value: f }, FORMAT_LABEL[f]),
    ),
  );
  const datasetInput = h('input', { id: 'import-dataset', type: 'text', maxlength: 200 });
  const settings = h(
    'div',
    { class: 'import-settings' },
    h('label', { for: 'import-format' }, 'Format'),
    formatSelect,
    h('label', { for: 'import-dataset' }, 'Dataset name'),
    datasetInput,
  );
  const preview = h('div', { class: 'import-preview', id: 'import-preview' });
  const mapping = h('fieldset', { class: 'import-mapping', id: 'import-mapping' });
  const progress = h('progress', { id: 'import-progress', max: 1, value: 0 });
  const progressText = h('span', { class: 'progress-text', 'aria-live': 'polite' });
  const report = h('div', { class: 'import-report', id: 'import-report', 'aria-live': 'polite' });
  const dryBtn = h('button', { type: 'button', id: 'import-dry-run', disabled: true }, 'Dry run');
  const goBtn = h(
    'button',
    { type: 'button', id: 'import-run', class: 'primary', disabled: true },
    'Import',
  );
  const closeBtn = h('button', { type: 'button', id: 'import-close' }, 'Close');
  const dialog = h(
    'dialog',
    { id: 'import-dialog', class: 'import-dialog', 'aria-labelledby': 'import-title' },
    h('h2', { id: 'import-title' }, 'Import a dataset'),
    drop,
    fileInfo,
    settings,
    preview,
    mapping,
    h('div', { class: 'import-progress' }, progress, progressText),
    report,
    h('div', { class: 'dialog-actions' }, closeBtn, dryBtn, goBtn),
  );
  document.body.append(dialog);
  settings.hidden = true;
  mapping.hidden = true;
  progress.hidden = true;

  let file: File | null = null;
  let csv: { columns: string[]; delimiter: string } | null = null;
  let form: MappingForm | null = null;
  /** The saved mapping the form was loaded from or saved as (shown in the picker). */
  let formName = '';
  let busy = false;

  const setBusy = (b: boolean) => {
    busy = b;
    dryBtn.disabled = b || !file;
    goBtn.disabled = b || !file;
    fileInput.disabled = b;
  };

  const showPreview = (p: ImportPreview) => {
    const caption = h(
      'caption',
      {},
      `First ${p.columns ? (p.rows?.length ?? 0) : p.records.length} records${p.partial ? ' (from the head of the file)' : ''}`,
    );
    if (p.columns) {
      replaceChildren(
        preview,
        h(
          'table',
          {},
          caption,
          h('thead', {}, h('tr', {}, ...p.columns.map((c) => h('th', { scope: 'col' }, c)))),
          h(
            'tbody',
            {},
            ...(p.rows ?? []).map((r) => h('tr', {}, ...r.map((v) => h('td', {}, v)))),
          ),
        ),
      );
      return;
    }
    replaceChildren(
      preview,
      p.records.length
        ? h(
            'table',
            {},
            caption,
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...['Line', 'Type', 'Id', 'Name'].map((c) => h('th', { scope: 'col' }, c)),
              ),
            ),
            h(
              'tbody',
              {},
              ...p.records.map((r) =>
                h(
                  'tr',
                  {},
                  h('td', { class: 'num' }, String(r.line)),
                  h('td', {}, r.type),
                  h('td', { class: 'mono' }, r.id),
                  h('td', {}, r.name),
                ),
              ),
            ),
          )
        : h('p', { class: 'hint' }, 'No complete record in the head of the file.'),
    );
  };

  // ---- CSV mapping ----
  const guess = (columns: string[]): MappingForm => {
    const f = Object.fromEntries(FIELDS.map(([k]) => [k, ''])) as unknown as MappingForm;
    for (const [key, , re] of FIELDS) {
      const col = re ? columns.find((c) => re.test(c.trim())) : undefined;
      if (col) f[key] = key.endsWith('Kind') ? `col:${col}` : col;
    }
    f.ownerKind ||= 'kind:Organization';
    f.ownedKind ||= 'kind:Organization';
    f.type = 'OWNS';
    return f;
  };

  const renderMapping = () => {
    if (!csv || !form) return;
    const current = form;
    const columns = csv.columns;
    const saved = savedMappings();
    const savedSelect = h(
      'select',
      { id: 'mapping-saved' },
      h('option', { value: '' }, Object.keys(saved).length ? 'Saved mappings…' : 'None saved yet'),
      ...Object.keys(saved).map((n) => h('option', { value: n }, n)),
    );
    savedSelect.addEventListener('change', () => {
      const m = savedMappings()[savedSelect.value];
      if (m) {
        form = { ...m };
        formName = savedSelect.value;
        renderMapping();
      }
    });
    const nameInput = h('input', {
      id: 'mapping-name',
      type: 'text',
      placeholder: 'Name this mapping',
      maxlength: 80,
    });
    const saveBtn = h('button', { type: 'button', id: 'mapping-save' }, 'Save');
    saveBtn.addEventListener('click', () => {
      const name = nameInput.value.trim();
      if (!name) return nameInput.focus();
      localStorage.setItem(STORE, JSON.stringify({ ...savedMappings(), [name]: { ...current } }));
      formName = name;
      renderMapping();
    });
    const fieldRows = FIELDS.map(([key, label]) => {
      const id = `map-${key}`;
      let options: Array<[string, string]>;
      if (key === 'type') options = CSV_TYPES.map((t) => [t, t]);
      else if (key.endsWith('Kind')) {
        options = [
          ...KINDS.map((k): [string, string] => [`kind:${k}`, k]),
          ...columns.map((c): [string, string] => [`col:${c}`, `column “${c}”`]),
        ];
      } else {
        options = [
          ['', REQUIRED.has(key) ? '— choose —' : '— none —'],
          ...columns.map((c): [string, string] => [c, c]),
        ];
      }
      const select = h(
        'select',
        { id, 'data-field': key },
        ...options.map(([v, text]) => h('option', { value: v }, text)),
      );
      select.value = current[key];
      select.addEventListener('change', () => {
        current[key] = select.value;
        formName = '';
        savedSelect.value = '';
      });
      return [h('label', { for: id }, label), select];
    });
    savedSelect.value = formName in saved ? formName : '';
    replaceChildren(
      mapping,
      h('legend', {}, 'Column mapping'),
      h('div', { class: 'mapping-grid' }, ...fieldRows.flat()),
      h(
        'div',
        { class: 'mapping-saved' },
        h('label', { class: 'sr-only', for: 'mapping-saved' }, 'Saved mappings'),
        savedSelect,
        h('label', { class: 'sr-only', for: 'mapping-name' }, 'Mapping name'),
        nameInput,
        saveBtn,
      ),
    );
  };

  const loadPreview = async () => {
    if (!file) return;
    const format = formatSelect.dataset.chosen ? (formatSelect.value as ImportFormat) : undefined;
    try {
      const p = await api.importPreview(file.slice(0, 256 * 1024), format);
      formatSelect.value = p.format;
      fileInfo.textContent = `${file.name} · ${sizeText(file.size)} · ${format ? 'format chosen' : 'format detected'}: ${FORMAT_LABEL[p.format]}`;
      settings.hidden = false;
      showPreview(p);
      if (p.format === 'csv' && p.columns) {
        const head = p.columns.join(',');
        const changed = csv?.columns.join(',') !== head;
        csv = { columns: p.columns, delimiter: detectDelimiter(await file.slice(0, 4096).text()) };
        if (changed || !form) {
          form = guess(p.columns);
          formName = '';
        }
        mapping.hidden = false;
        renderMapping();
      } else {
        mapping.hidden = true;
        csv = null;
      }
      setBusy(false);
    } catch (err) {
      fileInfo.textContent = `${file.name}: ${(err as Error).message}`;
      replaceChildren(preview);
    }
  };

  const pick = (f: File | undefined) => {
    if (!f) return;
    file = f;
    delete formatSelect.dataset.chosen;
    datasetInput.value = f.name.replace(/\.gz$/i, '').replace(/\.[^.]*$/, '');
    replaceChildren(report);
    progress.hidden = true;
    progressText.textContent = '';
    void loadPreview();
  };
  fileInput.addEventListener('change', () => pick(fileInput.files?.[0]));
  drop.addEventListener('dragover', (ev) => {
    ev.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (ev) => {
    ev.preventDefault();
    drop.classList.remove('over');
    pick(ev.dataTransfer?.files[0]);
  });
  formatSelect.addEventListener('change', () => {
    formatSelect.dataset.chosen = 'true';
    void loadPreview();
  });

  // ---- dry run and import ----
  const showReport = (job: ImportJob) => {
    const r = job.report;
    const verb = job.dryRun ? 'Would import' : 'Imported';
    const head =
      job.status === 'failed'
        ? h('p', { class: 'report-failed' }, `Failed: ${job.error ?? 'the file could not be read'}`)
        : h(
            'p',
            { class: r.rejected.length ? 'report-partial' : 'report-ok' },
            `${job.dryRun ? 'Dry run: ' : ''}${verb} ${plural(r.entities, 'entity', 'entities')} and ${plural(r.relationships, 'relationship', 'relationships')}`,
            r.rejected.length ? ` · ${plural(r.rejected.length, 'record', 'records')} refused` : '',
            r.warnings.length ? ` · ${plural(r.warnings.length, 'warning', 'warnings')}` : '',
          );
    const issues = [
      ...r.rejected.map((x) => ({ ...x, level: 'refused' })),
      ...r.warnings.map((x) => ({ ...x, level: 'warning' })),
    ];
    const shown = issues.slice(0, 100);
    replaceChildren(
      report,
      head,
      shown.length
        ? h(
            'table',
            { class: 'issues' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...['Line', 'Record', 'Code', 'Message'].map((c) => h('th', { scope: 'col' }, c)),
              ),
            ),
            h(
              'tbody',
              {},
              ...shown.map((x) =>
                h(
                  'tr',
                  { class: x.level },
                  h('td', { class: 'num' }, String(x.line)),
                  h('td', { class: 'mono' }, x.record ?? ''),
                  h('td', { class: 'mono' }, x.code),
                  h('td', {}, x.message),
                ),
              ),
            ),
          )
        : null,
      issues.length > shown.length
        ? h('p', { class: 'hint' }, `… and ${issues.length - shown.length} more`)
        : null,
    );
  };

  const run = async (dryRun: boolean) => {
    if (!file || busy) return;
    let mappingJson: string | undefined;
    if (formatSelect.value === 'csv') {
      if (!form || !csv) return;
      const missing = [...REQUIRED].filter((k) => !form![k]);
      if (missing.length) {
        replaceChildren(
          report,
          h(
            'p',
            { class: 'report-failed' },
            `Choose the ${missing.map((k) => FIELDS.find((f) => f[0] === k)![1].toLowerCase()).join(', ')} first.`,
          ),
        );
        return;
      }
      mappingJson = JSON.stringify(toMapping(form, csv.delimiter));
    }
    setBusy(true);
    replaceChildren(report);
    progress.hidden = false;
    progress.removeAttribute('value'); // indeterminate until the server counts records
    progressText.textContent = dryRun ? 'Checking…' : 'Uploading…';
    try {
      const { id } = await api.importStart(file, {
        format: formatSelect.value as ImportFormat,
        dataset: datasetInput.value.trim() || undefined,
        dryRun,
        mapping: mappingJson,
        fileName: file.name,
      });
      let job: ImportJob;
      for (;;) {
        job = await api.importJob(id);
        const { records, total } = job.progress;
        if (total > 0) {
          progress.max = total;
          progress.value = records;
          progressText.textContent = `${records.toLocaleString()} of ${total.toLocaleString()} records`;
        } else if (job.status === 'queued')
          progressText.textContent = 'Waiting for another import…';
        else progressText.textContent = dryRun ? 'Checking…' : 'Reading…';
        if (job.status === 'done' || job.status === 'failed') break;
        await sleep(250);
      }
      progress.hidden = dryRun;
      if (job.status === 'done') {
        progress.max = 1;
        progress.value = 1;
        progressText.textContent = dryRun ? '' : 'Done';
      } else progressText.textContent = '';
      showReport(job);
      if (!dryRun && job.status === 'done' && job.dataset) await on.imported(job.dataset);
    } catch (err) {
      progress.hidden = true;
      progressText.textContent = '';
      replaceChildren(report, h('p', { class: 'report-failed' }, (err as Error).message));
    } finally {
      setBusy(false);
    }
  };
  dryBtn.addEventListener('click', () => void run(true));
  goBtn.addEventListener('click', () => void run(false));
  closeBtn.addEventListener('click', () => dialog.close());

  return {
    open: () => {
      dialog.showModal();
      fileInput.focus({ preventScroll: true });
    },
  };
}

/** The CSV delimiter the header line uses most (the mapping file states it). */
function detectDelimiter(head: string): string {
  const line = head.split(/\r?\n/, 1)[0] ?? '';
  return [',', ';', '\t', '|'].sort((a, b) => line.split(b).length - line.split(a).length)[0];
}
