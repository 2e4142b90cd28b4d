import { useState } from 'react';
import {
  Button,
  Group,
  MultiSelect,
  Paper,
  PasswordInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { locales, qualificationFields, type Settings, type SettingsPatch } from '@leadline/contract';
import { saveSettings, settingsKeys, useSettings } from './api';
import { applyFieldErrors } from '../../lib/forms';
import { useStatuses } from '../../lib/refs';
import { ErrorState, LoadingState } from '../../components/States';
import { notifySuccess } from '../../components/notify';
import { useTranslation } from 'react-i18next';
import { useFieldLabels } from '../leads/fieldLabels';

export function GeneralSettingsPage() {
  const settings = useSettings();
  if (settings.isLoading) return <LoadingState />;
  if (settings.isError || !settings.data)
    return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  return <SettingsForm key={settings.data.version} settings={settings.data} />;
}

/** Every IANA zone the browser knows, for the organisation's time zone. */
const timeZones = Intl.supportedValuesOf('timeZone');
const languageNames: Record<(typeof locales)[number], string> = { en: 'English', ru: 'Русский' };

function SettingsForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation('settings');
  const fieldLabels = useFieldLabels();
  const qc = useQueryClient();
  const statuses = useStatuses();
  const [general, setGeneral] = useState<unknown>(null);
  const form = useForm<Settings>({ initialValues: settings });
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: Settings) => {
      const { version: _version, ...rest } = v;
      const body: SettingsPatch = { ...rest, enrichment: { ...rest.enrichment } };
      // The key is answered masked; sending the mask back would overwrite the real key.
      if (body.enrichment && v.enrichment.apiKey === settings.enrichment.apiKey)
        delete body.enrichment.apiKey;
      return saveSettings(body, settings.version);
    },
    onSuccess: (s) => {
      qc.setQueryData(settingsKeys.settings, s);
      notifySuccess(t('general.saved'));
      // Dates everywhere follow the organisation's time zone.
      void qc.invalidateQueries({ queryKey: ['me'] });
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e)) setGeneral(e);
    },
  });
  const byPhase = (phase: string) =>
    (statuses.data ?? [])
      .filter((s) => s.phase === phase && s.active)
      .map((s) => ({ value: s.id, label: s.name }));
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))}>
      <Stack gap="sm" maw={860}>
        {general !== null && <ErrorState error={general} title={t('notSaved')} />}
        <Paper withBorder p="md">
          <Title order={4} mb="xs">
            {t('general.visibility')}
          </Title>
          <SegmentedControl
            aria-label={t('general.visibility')}
            // The two choices share the width, their words wrapping on a phone.
            fullWidth
            styles={{ label: { whiteSpace: 'normal' } }}
            data={[
              { value: 'all', label: t('general.visibilityAll') },
              { value: 'team', label: t('general.visibilityTeam') },
            ]}
            {...form.getInputProps('visibility')}
          />
        </Paper>
        <Paper withBorder p="md">
          <Title order={4} mb="xs">
            {t('general.pipeline')}
          </Title>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
            <Select
              label={t('general.defaultNew')}
              data={byPhase('new')}
              {...form.getInputProps('defaultNewStatusId')}
            />
            <Select
              label={t('general.defaultWon')}
              data={byPhase('won')}
              {...form.getInputProps('defaultWonStatusId')}
            />
            <Select
              label={t('general.defaultLost')}
              data={byPhase('lost')}
              {...form.getInputProps('defaultLostStatusId')}
            />
            <Select
              label={t('general.defaultDropped')}
              data={byPhase('dropped')}
              {...form.getInputProps('defaultDroppedStatusId')}
            />
          </SimpleGrid>
          <MultiSelect
            mt="xs"
            label={t('general.qualificationFields')}
            description={t('general.qualificationFieldsHint')}
            data={[...qualificationFields, 'ownerId'].map((f) => ({ value: f, label: fieldLabels[f] ?? f }))}
            {...form.getInputProps('qualificationRequiredFields')}
          />
        </Paper>
        <Paper withBorder p="md">
          <Title order={4} mb="xs">
            {t('general.regional')}
          </Title>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
            <Select
              label={t('general.timeZone')}
              description={t('general.timeZoneHint')}
              searchable
              allowDeselect={false}
              data={timeZones}
              {...form.getInputProps('timeZone')}
            />
            <Select
              label={t('general.locale')}
              description={t('general.localeHint')}
              allowDeselect={false}
              data={locales.map((l) => ({ value: l, label: languageNames[l] }))}
              {...form.getInputProps('locale')}
            />
            <TextInput
              label={t('general.currency')}
              maxLength={3}
              {...form.getInputProps('defaultCurrency')}
            />
            <TextInput
              label={t('general.phoneRegion')}
              maxLength={2}
              {...form.getInputProps('defaultPhoneRegion')}
            />
          </SimpleGrid>
        </Paper>
        <Paper withBorder p="md">
          <Title order={4} mb={4}>
            {t('general.enrichment')}
          </Title>
          <Text size="xs" c="dimmed" mb="xs">
            {t('general.enrichmentHint')}
          </Text>
          <Stack gap="xs">
            <Switch
              label={t('general.enabled')}
              {...form.getInputProps('enrichment.enabled', { type: 'checkbox' })}
            />
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
              <TextInput label={t('general.baseUrl')} {...form.getInputProps('enrichment.baseUrl')} />
              <PasswordInput label={t('general.apiKey')} {...form.getInputProps('enrichment.apiKey')} />
            </SimpleGrid>
            <Switch
              label={t('general.companyByEmail')}
              {...form.getInputProps('enrichment.companyByEmail', { type: 'checkbox' })}
            />
          </Stack>
        </Paper>
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
            {t('general.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
