import { useState } from 'react';
import {
  ActionIcon,
  Button,
  ColorSwatch,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  ThemeIcon,
  Timeline as MTimeline,
  Tooltip,
} from '@mantine/core';

import { useMutation, useQueryClient } from '@tanstack/react-query';

import { formatDateTime, fromNow } from '../../i18n/format';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';

import { useFieldLabels } from './fieldLabels';
import { addComment, leadKeys, useTimeline } from './api';

import { useTranslation } from 'react-i18next';

import { commentIcons, commentColors, show, foldActions, itemView } from './timelineEntries';

export function Timeline({
  leadId,
  resolve,
  canComment,
}: {
  leadId: string;
  resolve: (field: string, value: unknown) => string | undefined;
  canComment: boolean;
}) {
  const { t } = useTranslation('leads');
  const fieldLabels = useFieldLabels();
  const qc = useQueryClient();
  const [body, setBody] = useState('');
  const [icon, setIcon] = useState<string>('message');
  const [color, setColor] = useState(commentColors[0]);
  const items = useTimeline(leadId);
  const comment = useMutation({
    mutationFn: () => addComment(leadId, { body, icon, color }),
    onSuccess: () => {
      setBody('');
      void qc.invalidateQueries({ queryKey: leadKeys.timeline(leadId) });
    },
  });
  // An id with no name at hand (a record just created) reads better as what it is than as a uuid.
  const names = (field: string, value: unknown) =>
    resolve(field, value) ??
    (field.endsWith('Id') && typeof value === 'string' ? t('timeline.linked') : show(value));
  const all = foldActions(items.data?.pages.flatMap((p) => p.items) ?? []);
  const undoneMerges = new Set(
    all
      .filter((i) => i.kind === 'merge_undone')
      .map((i) => (i.payload as { mergeId?: string } | null)?.mergeId ?? ''),
  );

  return (
    <Stack gap="sm">
      {canComment && (
        <Paper withBorder p="xs">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (body.trim()) comment.mutate();
            }}
          >
            <Stack gap={6}>
              <Textarea
                label={t('timeline.comment')}
                placeholder={t('timeline.writeACommentCtrlEnter')}
                autosize
                minRows={2}
                value={body}
                onChange={(e) => setBody(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && body.trim()) comment.mutate();
                }}
              />
              <Group justify="space-between">
                <Group gap={6}>
                  <Select
                    aria-label={t('timeline.icon')}
                    w={120}
                    value={icon}
                    onChange={(v) => v && setIcon(v)}
                    data={Object.keys(commentIcons).map((k) => ({
                      value: k,
                      label: k[0].toUpperCase() + k.slice(1),
                    }))}
                    allowDeselect={false}
                  />
                  <Group gap={4} role="radiogroup" aria-label={t('timeline.colour')}>
                    {commentColors.map((c) => (
                      <Tooltip key={c} label={c}>
                        <ActionIcon
                          variant="transparent"
                          size="sm"
                          role="radio"
                          aria-checked={color === c}
                          aria-label={t('timeline.colourN', { colour: c })}
                          onClick={() => setColor(c)}
                        >
                          <ColorSwatch color={c} size={color === c ? 18 : 14} />
                        </ActionIcon>
                      </Tooltip>
                    ))}
                  </Group>
                </Group>
                <Button type="submit" disabled={!body.trim()} loading={comment.isPending}>
                  {t('timeline.post')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      )}
      {items.isLoading ? (
        <LoadingState />
      ) : items.isError ? (
        <ErrorState error={items.error} onRetry={() => void items.refetch()} />
      ) : all.length === 0 ? (
        <EmptyState title={t('timeline.nothingYet')} />
      ) : (
        <MTimeline bulletSize={22} lineWidth={2} aria-label={t('timeline.timeline')}>
          {all.map((item) => {
            const view = itemView(item, names, t, fieldLabels, undoneMerges);
            return (
              <MTimeline.Item
                key={item.id}
                bullet={
                  <ThemeIcon size={22} radius="xl" color={view.color}>
                    {view.bullet}
                  </ThemeIcon>
                }
                title={
                  <Text size="sm" fw={500}>
                    {view.title}
                  </Text>
                }
              >
                {view.body}
                <Tooltip label={formatDateTime(item.at)}>
                  <Text size="xs" c="dimmed" mt={2} span>
                    {fromNow(item.at)}
                  </Text>
                </Tooltip>
              </MTimeline.Item>
            );
          })}
        </MTimeline>
      )}
      {items.hasNextPage && (
        <Button
          variant="subtle"
          onClick={() => void items.fetchNextPage()}
          loading={items.isFetchingNextPage}
        >
          {t('timeline.showOlder')}
        </Button>
      )}
    </Stack>
  );
}
