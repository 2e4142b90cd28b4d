import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Grid, Group, Paper, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import type { Lead } from '@leadline/contract';
import { isStale } from '../../lib/api';
import { openStaleDialog } from '../../components/StaleDialog';
import { applyFieldErrors } from '../../lib/forms';
import { ErrorState } from '../../components/States';
import { useUnsavedChangesWarning } from '../../components/useUnsavedChangesWarning';
import { errorAliases, type LeadFormValues } from './leadFormModel';
import { leadKeys } from './api';
import { useLeadFormOptions } from './form/useLeadFormOptions';
import { IdentitySection } from './form/IdentitySection';
import { CompanySection } from './form/CompanySection';
import { ContactSection } from './form/ContactSection';
import { AddressSection } from './form/AddressSection';
import { SalesSection } from './form/SalesSection';
import { PartnerSection } from './form/PartnerSection';
import { FollowUpSection } from './form/FollowUpSection';
import { KeyDatesSection } from './form/KeyDatesSection';
import { QualificationSection } from './form/QualificationSection';
import { useSession } from '../../app/auth';
import { mayChooseOwner } from './offeredActions';
import { useFieldLabels } from './fieldLabels';
import { useTranslation } from 'react-i18next';

interface Props {
  lead: Lead | null;
  initial: LeadFormValues;
  submitLabel: string;
  onSubmit: (values: LeadFormValues) => Promise<void>;
  onCancel: () => void;
  /** Called as the user types (the new lead page looks for likely duplicates). */
  onValuesChange?: (values: LeadFormValues) => void;
}

/**
 * The lead form, in the sections of the product: fields appear and become mandatory as the flags say,
 * choices are narrowed by what is already chosen, and the server's field errors land on their fields.
 */
export function LeadForm({ lead, initial, submitLabel, onSubmit, onCancel, onValuesChange }: Props) {
  const { t } = useTranslation('leads');
  const form = useForm<LeadFormValues>({ initialValues: initial, onValuesChange });
  const [general, setGeneral] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const qc = useQueryClient();
  const options = useLeadFormOptions(form.values);
  const { user } = useSession();
  const fieldLabels = useFieldLabels();
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  // Bumped by every refused submit: once the errors are drawn, the first field in error is shown and focused.
  const [refused, setRefused] = useState(0);
  useEffect(() => {
    if (refused === 0) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (first) {
      first.scrollIntoView({ block: 'center' });
      first.focus({ preventScroll: true });
    } else summaryRef.current?.scrollIntoView({ block: 'start' });
  }, [refused]);
  useUnsavedChangesWarning(form.isDirty() && !saved && !form.submitting);

  const submit = form.onSubmit(async (values) => {
    setGeneral(null);
    try {
      setSaved(true);
      await onSubmit(values);
    } catch (e) {
      setSaved(false);
      if (isStale(e)) openStaleDialog(() => void qc.invalidateQueries({ queryKey: leadKeys.all }));
      if (!applyFieldErrors(form, e, errorAliases)) setGeneral(e);
      setRefused((n) => n + 1);
    }
  });
  const errors = Object.entries(form.errors).filter(([, m]) => !!m);
  const sections = { form, options };

  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      aria-label={lead ? t('editLead', { number: lead.number }) : t('newLead')}
    >
      <Stack gap="sm">
        <div ref={summaryRef}>
          {errors.length > 0 && (
            <Alert color="red" title={t('notSaved')} role="alert" data-testid="form-error-summary">
              <Stack gap={2}>
                {errors.map(([field, message]) => (
                  <Text size="sm" key={field}>
                    {t('dialog.fieldError', {
                      field: fieldLabels[field] ?? fieldLabels[field.split('.')[0]] ?? field,
                      message: String(message),
                    })}
                  </Text>
                ))}
              </Stack>
            </Alert>
          )}
        </div>
        {general !== null && <ErrorState error={general} title={t('notSaved')} />}
        {lead && !lead.active && <Alert color="gray">{t('inactiveReadOnly')}</Alert>}
        <Grid gutter="sm">
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <Stack gap="sm">
              <IdentitySection {...sections} isNew={!lead} />
              <CompanySection {...sections} />
              <ContactSection {...sections} />
              <AddressSection form={form} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <Stack gap="sm">
              <SalesSection {...sections} />
              <PartnerSection {...sections} />
              <FollowUpSection {...sections} ownerEditable={mayChooseOwner(lead, user)} />
              <KeyDatesSection form={form} />
              <QualificationSection form={form} />
            </Stack>
          </Grid.Col>
        </Grid>
        <Paper withBorder p="sm" style={{ position: 'sticky', bottom: 0, zIndex: 5 }} shadow="sm">
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {form.isDirty() ? t('unsavedChanges') : t('noChangesYet')}
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={onCancel}>
                {t('common:cancel')}
              </Button>
              <Button type="submit" loading={form.submitting}>
                {submitLabel}
              </Button>
            </Group>
          </Group>
        </Paper>
      </Stack>
    </form>
  );
}
