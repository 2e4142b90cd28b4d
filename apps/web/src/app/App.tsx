import '@mantine/core/styles.css';
import { MantineProvider, Title, Text } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { SessionProvider } from './auth';
import { Shell } from './Shell';
import { SignInPage } from '../features/auth/SignInPage';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});

function Placeholder({ title }: { title: string }) {
  return (
    <>
      <Title order={2}>{title}</Title>
      <Text c="dimmed">Nothing here yet.</Text>
    </>
  );
}

export function App() {
  return (
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<SignInPage />} />
              <Route element={<Shell />}>
                <Route path="/" element={<Navigate to="/leads" replace />} />
                <Route path="/leads" element={<Placeholder title="Leads" />} />
                <Route path="*" element={<Placeholder title="Not found" />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
