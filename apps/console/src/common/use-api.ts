import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads with `load` whenever `deps` change (null deps skip: nothing to load yet). An answer that
 * arrives after a newer request started is dropped.
 */
export function useApi<T>(load: () => Promise<T>, deps: unknown[] | null, pollMs?: number): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(deps !== null);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  // One dependency of fixed size for React, whatever `deps` holds.
  const key = deps === null ? null : JSON.stringify(deps);

  useEffect(() => {
    if (key === null) return;
    const mine = ++seq.current;
    setLoading(true);
    load()
      .then((value) => {
        if (mine !== seq.current) return;
        setData(value);
        setError(null);
      })
      .catch((err: unknown) => {
        if (mine !== seq.current) return;
        setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
      })
      .finally(() => mine === seq.current && setLoading(false));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick]);

  useEffect(() => {
    if (!pollMs || key === null) return;
    const timer = setInterval(reload, pollMs);
    return () => clearInterval(timer);
  }, [pollMs, reload, key]);

  return { data, error, loading, reload };
}
