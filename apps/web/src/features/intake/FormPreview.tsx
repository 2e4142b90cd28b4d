import {
  ActionIcon,
  Button,
  Checkbox,
  CopyButton,
  Group,
  Stack,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { webFormFieldLabels, type WebFormFieldKey } from '@leadline/contract';

/** What the preview needs of the form being designed. */
export interface PreviewDraft {
  name: string;
  fields: { key: WebFormFieldKey; label: string; required: boolean }[];
  consentText: string;
}

export function Copy({ value, label }: { value: string; label: string }) {
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={label}>
          {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
        </ActionIcon>
      )}
    </CopyButton>
  );
}

/** The form as a visitor sees it, drawn from the unsaved draft. */
export function FormPreview({ draft }: { draft: PreviewDraft }) {
  const { t } = useTranslation('intake');
  return (
    <Stack gap="sm" data-testid="form-preview">
      <Title order={4}>{draft.name || t('forms.untitled')}</Title>
      {draft.fields.map((f) =>
        f.key === 'description' || f.key === 'customerRequirements' ? (
          <Textarea
            key={f.key}
            label={f.label || webFormFieldLabels[f.key]}
            withAsterisk={f.required}
            readOnly
            minRows={3}
          />
        ) : (
          <TextInput
            key={f.key}
            label={f.label || webFormFieldLabels[f.key]}
            withAsterisk={f.required}
            readOnly
          />
        ),
      )}
      {draft.consentText.trim() && <Checkbox label={draft.consentText} readOnly />}
      <Group>
        <Button type="button">{t('forms.send')}</Button>
      </Group>
    </Stack>
  );
}
