import { useEffect, useState } from 'react';
import type { Notice } from '../../../electron/shared/notice';
import { useApi } from '../api/api-context';

const INFO_LIFETIME_MS = 8000;

/**
 * Shows `app.notice` messages, including those raised before this page connected (fetched once on mount).
 * Warnings and errors stay until dismissed: they tell the user something they must act on.
 */
export function NoticeArea() {
  const api = useApi();
  const [notices, setNotices] = useState<Notice[]>([]);

  useEffect(() => {
    const add = (incoming: Notice[]) =>
      setNotices((current) => {
        const known = new Set(current.map((n) => n.id));
        return [...current, ...incoming.filter((n) => !known.has(n.id))];
      });
    const off = api.on('app.notice', (notice) => add([notice]));
    api['app.notices']({}).then(add, () => {});
    return off;
  }, [api]);

  useEffect(() => {
    const infos = notices.filter((n) => n.level === 'info');
    if (infos.length === 0) return;
    const timer = setTimeout(() => setNotices((current) => current.filter((n) => n.level !== 'info' || Date.now() - n.at < INFO_LIFETIME_MS)), INFO_LIFETIME_MS);
    return () => clearTimeout(timer);
  }, [notices]);

  const dismiss = (id: string) => setNotices((current) => current.filter((n) => n.id !== id));
  return (
    <div className="notice-area" aria-live="polite" aria-label="Notices">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.level}`} role={notice.level === 'error' ? 'alert' : 'status'}>
          <span className="notice-message">{notice.message}</span>
          <button className="notice-dismiss" aria-label="Dismiss notice" onClick={() => dismiss(notice.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
