import { Anchor } from '@mantine/core';
import { Fragment } from 'react';

/** E-mail addresses and phone numbers as links that write or call. */
export function ContactPoints({ kind, values }: { kind: 'email' | 'phone'; values: readonly string[] }) {
  return (
    <>
      {values.map((v, i) => (
        <Fragment key={v}>
          {i > 0 && ', '}
          <Anchor href={`${kind === 'email' ? 'mailto' : 'tel'}:${v}`} size="sm">
            {v}
          </Anchor>
        </Fragment>
      ))}
    </>
  );
}
