import { useMemo, useState } from 'react';
import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useRecordById, useRecordSearch } from '../lib/refs';

interface Props<T extends { id: string }> extends Omit<SelectProps, 'data' | 'onChange' | 'value'> {
  /** The list endpoint, e.g. `/companies`; it must accept `q` and `limit`. */
  path: string;
  params?: Record<string, string | undefined>;
  value: string | null;
  onChange: (id: string | null, item: T | null) => void;
  labelOf: (item: T) => string;
}

/** A select over a list too long to load whole (companies, contacts): it asks the server as you type. */
export function RemoteSelect<T extends { id: string }>({
  path,
  params = {},
  value,
  onChange,
  labelOf,
  ...rest
}: Props<T>) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const list = useRecordSearch<T>(path, params, q);
  const current = useRecordById<T>(path, value, !list.data?.items.some((i) => i.id === value));
  const items = useMemo(() => {
    const all = [...(list.data?.items ?? [])];
    if (current.data && !all.some((i) => i.id === current.data!.id)) all.unshift(current.data);
    return all;
  }, [list.data, current.data]);
  const data = items.map((i) => ({ value: i.id, label: labelOf(i) }));
  const selectedLabel = data.find((d) => d.value === value)?.label;

  return (
    <Select
      {...rest}
      searchable
      clearable
      data={data}
      value={value}
      filter={({ options }) => options}
      onSearchChange={(s) => setSearch(s === selectedLabel ? '' : s)}
      onChange={(id) => onChange(id, items.find((i) => i.id === id) ?? null)}
      nothingFoundMessage={list.isFetching ? 'Searching…' : 'Nothing found'}
    />
  );
}
