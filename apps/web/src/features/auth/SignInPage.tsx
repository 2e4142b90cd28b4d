import { useState } from 'react';
import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';
import { sessionKey, signIn } from './api';

export function SignInPage() {
  const { t } = useTranslation('auth');
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ initialValues: { email: '', password: '' } });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      qc.setQueryData(sessionKey, await signIn(values));
      // The landing page depends on the roles: the dashboard for managers, the leads for the others.
      navigate('/');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('noAnswer'));
    }
  });

  return (
    <Center h="100vh" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w={380} radius="md">
        <form onSubmit={submit}>
          <Stack>
            <div>
              <Title order={2}>Leadline</Title>
              <Text c="dimmed" size="sm">
                {t('intro')}
              </Text>
            </div>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <TextInput
              label={t('email')}
              type="email"
              autoComplete="username"
              required
              autoFocus
              {...form.getInputProps('email')}
            />
            <PasswordInput
              label={t('password')}
              autoComplete="current-password"
              required
              {...form.getInputProps('password')}
            />
            <Button type="submit" loading={form.submitting}>
              {t('signIn')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
