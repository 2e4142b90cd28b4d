import { useState } from 'react';
import type { UseFormReturnType } from '@mantine/form';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { applyFieldErrors } from '../../../lib/forms';
import { notifyError, notifySuccess } from '../../../components/notify';

/** A configuration record as the list shows it: its id and, where it can be switched off, `active`. */
export interface CrudRecord {
  id: string;
  active?: boolean;
}

/** What an editor is open on: a record, a new one, or nothing. */
export type Editing<T> = T | 'new' | null;

export interface SettingsCrudOptions<T> {
  /** The list's query key: every change refreshes it. */
  queryKey: QueryKey;
  /** Deletes a record (the open editor closes afterwards). */
  remove?: (row: T) => Promise<unknown>;
  /** Switches a record on or off from the list. */
  setActive?: (row: T, active: boolean) => Promise<unknown>;
}

/**
 * The state of an administrator's list of configuration records: which one is being edited, and the
 * list's own changes (switch active, delete), each refreshing the list and telling of a failure.
 */
export function useSettingsCrud<T extends CrudRecord>({
  queryKey,
  remove,
  setActive,
}: SettingsCrudOptions<T>) {
  const qc = useQueryClient();
  const [editing, setEditing] = useState<Editing<T>>(null);
  const refresh = () => qc.invalidateQueries({ queryKey });
  const toggle = useMutation({
    mutationFn: (row: T) => setActive!(row, !row.active),
    onSuccess: refresh,
    onError: (e) => notifyError(e),
  });
  const removal = useMutation({
    mutationFn: (row: T) => remove!(row),
    onSuccess: () => {
      setEditing(null);
      return refresh();
    },
    onError: (e) => notifyError(e),
  });
  return {
    queryKey,
    editing,
    openNew: () => setEditing('new'),
    open: (row: T) => setEditing(row),
    close: () => setEditing(null),
    toggleActive: (row: T) => toggle.mutate(row),
    remove: (row: T) => removal.mutate(row),
    removing: removal.isPending,
  };
}
export type SettingsCrud<T extends CrudRecord> = ReturnType<typeof useSettingsCrud<T>>;

/**
 * Saving an editor's form: on success the lists refresh, `saved` is told (when given) and `onSaved`
 * runs; the server's field errors land on the form's fields (`aliases` maps a server field to a form one).
 * Any other failure is told in a notification, or with `inline` kept as `formError` for the form to show
 * (`CrudForm`'s `error`) until the next save.
 */
export function useCrudSave<V, R>(
  form: UseFormReturnType<V>,
  {
    queryKey,
    alsoRefresh = [],
    save,
    saved,
    onSaved,
    aliases,
    inline = false,
  }: {
    queryKey: QueryKey;
    /** More lists the record shows in. */
    alsoRefresh?: QueryKey[];
    save: (values: V) => Promise<R>;
    saved?: string | ((result: R) => string);
    onSaved: (result: R) => void;
    aliases?: Record<string, string>;
    inline?: boolean;
  },
) {
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const mutation = useMutation({
    meta: inline ? { quiet: true } : undefined,
    mutationFn: save,
    onMutate: () => setError(null),
    onSuccess: (result) => {
      if (saved) notifySuccess(typeof saved === 'string' ? saved : saved(result));
      for (const key of [queryKey, ...alsoRefresh]) void qc.invalidateQueries({ queryKey: key });
      onSaved(result);
    },
    onError: (e) => {
      if (applyFieldErrors(form, e, aliases)) return;
      if (inline) setError(e);
      else notifyError(e);
    },
  });
  return Object.assign(mutation, { formError: inline ? error : null });
}
