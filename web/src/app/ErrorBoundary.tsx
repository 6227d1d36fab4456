// Catches render errors so a broken screen shows what happened and a way out, never a blank page.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import Button from 'antd/es/button';
import Result from 'antd/es/result';
import { useI18n } from '../i18n';

interface Props { children: ReactNode; resetKey?: string }
interface State { error: Error | null }

function Fallback({ error, onReset }: { error: Error; onReset: () => void }) {
  const { t } = useI18n();
  return (
    <Result
      status="error"
      title={t('error.render')}
      subTitle={error.message}
      data-testid="error-boundary"
      extra={[
        <Button key="retry" type="primary" onClick={onReset}>{t('common.retry')}</Button>,
        <Button key="reload" onClick={() => window.location.reload()}>{t('common.reloadPage')}</Button>,
      ]}
    />
  );
}

export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('console error boundary', error, info.componentStack);
  }

  componentDidUpdate(prev: Props) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  render() {
    if (this.state.error) return <Fallback error={this.state.error} onReset={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}
