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
import { qualificationFields, type Settings, type SettingsPatch } from '@leadline/contract';
import { saveSettings, settingsKeys, useSettings } from './api';
import { applyFieldErrors } from '../../lib/forms';
import { useStatuses } from '../../lib/refs';
import { ErrorState, LoadingState } from '../../components/States';
import { notifySuccess } from '../../components/notify';
import { fieldLabels } from '../leads/fieldLabels';

export function GeneralSettingsPage() {
  const settings = useSettings();
  if (settings.isLoading) return <LoadingState />;
  if (settings.isError || !settings.data)
    return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  return <SettingsForm key={settings.data.version} settings={settings.data} />;
}

function SettingsForm({ settings }: { settings: Settings }) {
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
      notifySuccess('Settings saved');
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
        {general !== null && <ErrorState error={general} title="Not saved" />}
        <Paper withBorder p="md">
          <Title order={4} mb="xs">
            Visibility
          </Title>
          <SegmentedControl
            aria-label="Visibility"
            data={[
              { value: 'all', label: 'All: every CRM user sees every lead' },
              { value: 'team', label: 'Team: own, unit and collaborating units' },
            ]}
            {...form.getInputProps('visibility')}
          />
        </Paper>
        <Paper withBorder p="md">
          <Title order={4} mb="xs">
            Pipeline defaults
          </Title>
          <SimpleGrid cols={2} spacing="xs">
            <Select
              label="Default status for a new lead"
              data={byPhase('new')}
              {...form.getInputProps('defaultNewStatusId')}
            />
            <Select
              label="Default status for qualification"
              data={byPhase('won')}
              {...form.getInputProps('defaultWonStatusId')}
            />
            <Select
              label="Default status for loss"
              data={byPhase('lost')}
              {...form.getInputProps('defaultLostStatusId')}
            />
            <Select
              label="Default status for dropping"
              data={byPhase('dropped')}
              {...form.getInputProps('defaultDroppedStatusId')}
            />
          </SimpleGrid>
          <MultiSelect
            mt="xs"
            label="Qualification fields"
            description="Fields that must be filled before a lead can be qualified."
            data={[...qualificationFields, 'ownerId'].map((f) => ({ value: f, label: fieldLabels[f] ?? f }))}
            {...form.getInputProps('qualificationRequiredFields')}
          />
        </Paper>
        <Paper withBorder p="md">
          <Title order={4} mb="xs">
            Regional
          </Title>
          <SimpleGrid cols={2} spacing="xs">
            <TextInput label="Default currency" maxLength={3} {...form.getInputProps('defaultCurrency')} />
            <TextInput
              label="Default phone region"
              maxLength={2}
              {...form.getInputProps('defaultPhoneRegion')}
            />
          </SimpleGrid>
        </Paper>
        <Paper withBorder p="md">
          <Title order={4} mb={4}>
            Company enrichment
          </Title>
          <Text size="xs" c="dimmed" mb="xs">
            Looks companies up by TIN (and by e-mail when enabled) in a DaData-compatible register.
          </Text>
          <Stack gap="xs">
            <Switch label="Enabled" {...form.getInputProps('enrichment.enabled', { type: 'checkbox' })} />
            <SimpleGrid cols={2} spacing="xs">
              <TextInput label="Base URL" {...form.getInputProps('enrichment.baseUrl')} />
              <PasswordInput label="API key" {...form.getInputProps('enrichment.apiKey')} />
            </SimpleGrid>
            <Switch
              label="Company by e-mail"
              {...form.getInputProps('enrichment.companyByEmail', { type: 'checkbox' })}
            />
          </Stack>
        </Paper>
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
            Save settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
