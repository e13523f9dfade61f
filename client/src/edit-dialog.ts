import { ApiError } from './api';
import { h, replaceChildren } from './dom';

let counter = 0;

export interface EditDialog {
  root: HTMLDialogElement;
  /** Shows a problem above the buttons (read out by screen readers) and focuses its field. */
  error(message: string, field?: HTMLElement | null): void;
  /** Swaps the form for other content (the conflict view) with its own buttons. */
  replace(body: HTMLElement[], buttons: HTMLElement[]): void;
  close(): void;
}

/**
 * A modal form in a native <dialog>: focus stays inside, Escape cancels, the first field gets
 * focus. `submit` runs on Enter or the primary button; a thrown error is shown, not lost.
 */
export function editDialog(opts: {
  title: string;
  body: HTMLElement[];
  submitLabel: string;
  submit: (dialog: EditDialog) => Promise<boolean>;
  danger?: boolean;
}): EditDialog {
  const id = `edit-dialog-${++counter}`;
  const errorBox = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const submitBtn = h(
    'button',
    { type: 'submit', class: opts.danger ? 'primary danger' : 'primary' },
    opts.submitLabel,
  );
  const cancelBtn = h('button', { type: 'button' }, 'Cancel');
  const actions = h('div', { class: 'dialog-actions' }, submitBtn, cancelBtn);
  const content = h('div', { class: 'dialog-body' }, ...opts.body);
  const form = h('form', { method: 'dialog', novalidate: true }, content, errorBox, actions);
  const root = h(
    'dialog',
    { class: 'edit-dialog', 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, opts.title),
    form,
  );
  // Keys typed in the dialog are the dialog's: the canvas shortcuts (Delete hides, / searches) stay out.
  root.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape') ev.stopPropagation();
  });
  root.addEventListener('close', () => root.remove());

  const dialog: EditDialog = {
    root,
    error(message, field) {
      errorBox.hidden = false;
      errorBox.textContent = message;
      if (field) {
        field.setAttribute('aria-invalid', 'true');
        field.focus();
      }
    },
    replace(body, buttons) {
      errorBox.hidden = true;
      replaceChildren(content, ...body);
      replaceChildren(actions, ...buttons);
      (buttons[0] as HTMLElement | undefined)?.focus();
    },
    close() {
      if (root.open) root.close();
      root.remove();
    },
  };
  cancelBtn.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (submitBtn.disabled) return;
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    errorBox.hidden = true;
    submitBtn.disabled = true;
    root.setAttribute('aria-busy', 'true');
    try {
      if (await opts.submit(dialog)) dialog.close();
    } catch (err) {
      dialog.error(errorText(err), fieldNamed(form, err));
    } finally {
      submitBtn.disabled = false;
      root.removeAttribute('aria-busy');
    }
  });
  document.body.append(root);
  root.showModal();
  (form.querySelector('input, select, textarea') as HTMLElement | null)?.focus();
  return dialog;
}

/** An API error as a sentence for the analyst. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 403) return `Not allowed: ${err.message}`;
    return err.message;
  }
  return `Could not save: ${(err as Error).message}`;
}

/** The form control a validation error names (`name: …`, `properties.x: …`), if any. */
function fieldNamed(form: HTMLElement, err: unknown): HTMLElement | null {
  if (!(err instanceof ApiError) || err.status !== 400) return null;
  const m = /^([\w.]+)(?:\[\d+\])?\s*:/.exec(err.message);
  if (!m) return null;
  return form.querySelector<HTMLElement>(`[data-field="${m[1].split('.')[0]}"]`);
}
