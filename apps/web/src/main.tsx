import './index.css';

import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app';
import { createApiClient, createQueryClient, SESSION_KEY, TRPCProvider } from './lib/trpc';

const queryClient = createQueryClient(() => void queryClient.invalidateQueries({ queryKey: SESSION_KEY }));
const trpcClient = createApiClient();

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <App />
      </TRPCProvider>
    </QueryClientProvider>
  </StrictMode>,
);
