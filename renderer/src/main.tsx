import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './api/create-client';
import { App } from './app/App';
import './styles.css';

const connection = connect();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App connection={connection} />
  </StrictMode>,
);
