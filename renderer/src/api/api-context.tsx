import { createContext, useContext } from 'react';
import type { PairwiseApi } from '../../../electron/shared/contract';

export const ApiContext = createContext<PairwiseApi | null>(null);

export function useApi(): PairwiseApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi must be used inside <ApiContext.Provider>');
  return api;
}
