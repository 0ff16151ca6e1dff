import { useEffect, useRef, useState } from 'react';

/**
 * An element's rendered width, kept up to date (ResizeObserver reports it once observed, then on each change);
 * null until measured, and where nothing measures (the component tests' DOM).
 */
export function useWidth<T extends Element>() {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (element === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const measured = entry?.contentRect.width ?? 0;
      setWidth(measured > 0 ? Math.round(measured) : null);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}
