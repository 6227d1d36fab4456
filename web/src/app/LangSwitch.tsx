import Segmented from 'antd/es/segmented';
import { useI18n, type Lang } from '../i18n';

export function LangSwitch() {
  const { lang, setLang } = useI18n();
  return (
    <Segmented<Lang>
      size="small"
      value={lang}
      onChange={setLang}
      data-testid="lang-switch"
      options={[{ label: '中文', value: 'zh' }, { label: 'EN', value: 'en' }]}
    />
  );
}
