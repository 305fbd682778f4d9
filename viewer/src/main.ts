/**
 * ringsight/viewer/main
 * =====================
 *
 * Entry point: styles, the app shell, and the global error nets. Errors that
 * escape a page become a toast (the page stays usable); an error while
 * starting replaces the page with an explanation rather than leaving it blank.
 */
import './styles.css';
import { App, crashScreen } from './app.js';
import { toast } from './components/error-view.js';
import { lang, t } from './i18n/index.js';

const root = document.getElementById('app') ?? document.body;
document.documentElement.lang = lang.get() === 'zh' ? 'zh-CN' : 'en';

window.addEventListener('error', (event) => {
  if (event.error) toast(`${t('err.title')}: ${event.message}`, 'error', 8000);
});
window.addEventListener('unhandledrejection', (event) => {
  const reason = event.reason as { message?: string } | undefined;
  toast(`${t('err.title')}: ${reason?.message ?? String(event.reason)}`, 'error', 8000);
});

try {
  new App(root);
} catch (error) {
  crashScreen(root, error);
}
