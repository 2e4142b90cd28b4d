import type { ReactNode } from 'react';
import { Paper, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { LeadFormValues } from '../leadFormModel';
import type { LeadFormOptions } from './useLeadFormOptions';

export type LeadFormApi = UseFormReturnType<LeadFormValues>;

/** What every section of the lead form receives: the form state and the lists it chooses from. */
export interface SectionProps {
  form: LeadFormApi;
  options: LeadFormOptions;
}

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={4} mb="sm" id={id}>
        {title}
      </Title>
      {children}
    </Paper>
  );
}
