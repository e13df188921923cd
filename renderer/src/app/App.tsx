import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiContext } from '../api/api-context';
import type { Connection } from '../api/create-client';
import type { ConnectionState } from '../api/ws-client';
import { NoticeArea } from '../components/NoticeArea';
import { CompareView, type ReopenRequest } from '../views/compare/CompareView';
import { HistoryView } from '../views/history/HistoryView';
import { ModelsView } from '../views/models/ModelsView';
import { SettingsView } from '../views/SettingsView';
import { StatsView } from '../views/stats/StatsView';
import { useSettings } from './use-settings';
import { useTheme } from './use-theme';
import { VIEWS, type ViewId } from './views';

export function App({ connection }: { connection: Connection }) {
  const { api } = connection;
  const [view, setView] = useState<ViewId>('compare');
  const [connectionState, setConnectionState] = useState<ConnectionState>('connecting');
  const settingsState = useSettings(api);
  const [reopen, setReopen] = useState<ReopenRequest | null>(null);
  const reopenInCompare = useCallback((request: ReopenRequest) => {
    setReopen(request);
    setView('compare');
  }, []);
  useTheme(settingsState.settings?.theme);
  useEffect(() => connection.onConnection(setConnectionState), [connection]);
  useViewShortcuts(setView);

  const content = useMemo(() => {
    if (view === 'settings') return <SettingsView state={settingsState} />;
    if (view === 'models') return <ModelsView />;
    if (view === 'compare') return null; // always mounted below
    if (view === 'history') return <HistoryView active onReopen={reopenInCompare} />;
    return <StatsView active />;
  }, [view, settingsState, reopenInCompare]);
  const openModels = useCallback(() => setView('models'), []);

  return (
    <ApiContext.Provider value={api}>
      <div className="shell">
        <nav className="nav" aria-label="Views">
          <div className="brand">Pairwise</div>
          {VIEWS.map((item, index) => (
            <button
              key={item.id}
              className="nav-item"
              aria-current={view === item.id ? 'page' : undefined}
              title={`${item.label} (Ctrl+${index + 1})`}
              onClick={() => setView(item.id)}
            >
              {item.label}
            </button>
          ))}
          {connectionState === 'closed' && (
            <div className="connection-lost" role="alert">
              Disconnected from Pairwise. Start it again and open the new address it prints.
            </div>
          )}
        </nav>
        <main className="content">
          {/* Compare stays mounted while another view is shown: a running turn keeps streaming into it. */}
          <div className="keep-alive" hidden={view !== 'compare'}>
            <CompareView active={view === 'compare'} defaultSampling={settingsState.settings?.sampling ?? null} reopen={reopen} onOpenModels={openModels} />
          </div>
          {content}
        </main>
        <NoticeArea />
      </div>
    </ApiContext.Provider>
  );
}

/** Ctrl/Cmd+1..5 switch views: the app is meant to be driven from the keyboard. */
function useViewShortcuts(setView: (view: ViewId) => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const index = Number(event.key) - 1;
      const target = VIEWS[index];
      if (target) {
        event.preventDefault();
        setView(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setView]);
}
