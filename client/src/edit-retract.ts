import { conflictOf, type SearchResult, type WriteProvenance } from './api';
import { h } from './dom';
import { editDialog, type EditDialog } from './edit-dialog';
import { sourceForm } from './source-form';

/**
 * Retract an entity or a relationship (DELETE with If-Match and a reason). Nothing is deleted:
 * the element leaves today's view and stays in its history and in earlier as-of views.
 */
export function retractDialog(opts: {
  what: 'entity' | 'relationship';
  name: string;
  version: number;
  search: (q: string) => Promise<SearchResult[]>;
  retract: (version: number, body: WriteProvenance) => Promise<unknown>;
  done: () => void;
}): EditDialog {
  const src = sourceForm({ search: opts.search, reasonRequired: true });
  let version = opts.version;
  return editDialog({
    title: `Retract ${opts.name}`,
    submitLabel: 'Retract',
    danger: true,
    body: [
      h(
        'p',
        { class: 'warn' },
        opts.what === 'entity'
          ? 'The entity and its relationships leave today’s view. They stay in the history, and views as of an earlier date still show them; a revert brings them back.'
          : 'The relationship leaves today’s view. It stays in the history, and views as of an earlier date still show it; a revert brings it back.',
      ),
      src.root,
    ],
    submit: async (dialog) => {
      const prov = src.read();
      if ('message' in prov) {
        dialog.error(prov.message, prov.field);
        return false;
      }
      try {
        await opts.retract(version, prov);
      } catch (err) {
        const current = conflictOf(err);
        if (!current) throw err;
        if (current.retracted) {
          dialog.error('Someone else retracted it already.');
          opts.done();
          return false;
        }
        // Someone saved it since it was read: say so, and let the analyst confirm on the new version.
        version = current.version;
        dialog.error(
          `It changed since you read it (now version ${current.version}); check the inspector, then press Retract again to retract that version.`,
        );
        return false;
      }
      opts.done();
      return true;
    },
  });
}
