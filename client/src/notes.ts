import { analystApi, type Note } from './analyst-api';
import { api } from './api';
import { h, replaceChildren } from './dom';

let me: Promise<string | null> | null = null;
/** The signed-in user's name (`local` in single-user mode): their own notes get Edit and Delete. */
function whoAmI(): Promise<string | null> {
  me ??= api
    .me()
    .then((m) => m.user.name)
    .catch(() => null);
  return me;
}

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/**
 * Notes on the element the inspector shows: who wrote them and when, newest first; a form to add
 * one; Edit and Delete on one's own (the server keeps the author rule: docs/workspace.md).
 */
export function notesSection(target: string): HTMLElement {
  const list = h('ul', { class: 'notes-list', 'aria-label': 'Notes' });
  const status = h('p', { class: 'notes-status', role: 'status', 'aria-live': 'polite' });
  const text = h('textarea', {
    id: 'note-text',
    rows: 2,
    maxlength: 10000,
    placeholder: 'Add a note…',
  });
  const section = h(
    'section',
    { class: 'notes', 'aria-labelledby': 'notes-h' },
    h('h3', { id: 'notes-h' }, 'Notes'),
    list,
    h(
      'form',
      {
        class: 'note-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void add();
        },
      },
      h('label', { for: 'note-text', class: 'sr-only' }, 'New note'),
      text,
      h('button', { type: 'submit', id: 'note-add' }, 'Add note'),
    ),
    status,
  );

  const render = async () => {
    let notes: Note[];
    try {
      notes = await analystApi.notes(target);
    } catch (err) {
      status.textContent = (err as Error).message;
      return;
    }
    const user = await whoAmI();
    replaceChildren(
      list,
      notes.map((n) =>
        h(
          'li',
          { class: 'note', 'data-id': n.id },
          h('p', { class: 'note-text' }, n.text),
          h(
            'p',
            { class: 'note-meta' },
            `${n.author} · ${when(n.at)}${n.updatedAt !== n.at ? ' (edited)' : ''}`,
            ...(n.author === user
              ? [
                  h(
                    'button',
                    { type: 'button', class: 'link', onclick: () => void edit(n) },
                    'Edit',
                  ),
                  h(
                    'button',
                    { type: 'button', class: 'link', onclick: () => void remove(n) },
                    'Delete',
                  ),
                ]
              : []),
          ),
        ),
      ),
    );
    if (!notes.length) list.append(h('li', { class: 'empty' }, 'No notes yet.'));
  };
  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      status.textContent = done;
      await render();
    } catch (err) {
      status.textContent = (err as Error).message;
    }
  };
  const add = () => {
    const value = text.value.trim();
    if (!value) return Promise.resolve();
    return act(async () => {
      await analystApi.addNote(target, value);
      text.value = '';
    }, 'Note added.');
  };
  const edit = (n: Note) => {
    const value = window.prompt('Edit the note', n.text)?.trim();
    if (!value || value === n.text) return Promise.resolve();
    return act(() => analystApi.editNote(n.id, value), 'Note saved.');
  };
  const remove = (n: Note) => act(() => analystApi.deleteNote(n.id), 'Note deleted.');
  void render();
  return section;
}
