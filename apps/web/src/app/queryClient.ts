import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isStale } from '../lib/api';
import { notifyError } from '../components/notify';
import { openStaleDialog } from '../components/StaleDialog';

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: {
      /** The mutation shows its own errors (on form fields, in its dialog). */
      quiet?: boolean;
    };
    queryMeta: {
      /** A failure of this query is told to the user (a list of values a form depends on). */
      loud?: string;
    };
  }
}

/** One cache for all server state. A 412 anywhere opens the same explanation with a way to reload. */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    defaultOptions: {
      queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 15_000 },
    },
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (query.meta?.loud) notifyError(error, query.meta.loud);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _vars, _ctx, mutation) => {
        if (isStale(error)) {
          openStaleDialog(() => void client.invalidateQueries());
          return;
        }
        if (mutation.meta?.quiet) return;
        notifyError(error);
      },
    }),
  });
  return client;
}
