// The public portal: no account, no console code. Home → 我要反映 / 查询进度 / 评价 / 信息公开.
import { DisclosurePage } from './DisclosurePage';
import { CommunityPage } from './CommunityPage';
import { ReportPage } from './ReportPage';
import { go, happyCodeOfPage, useRoute } from './router';
import { TrackPage } from './TrackPage';

function Home() {
  return (
    <nav className="home" data-testid="portal-home">
      <button data-testid="home-report" onClick={() => go('/report')}><b>我要反映</b><small>身边问题，拍照上报</small></button>
      <button data-testid="home-track" onClick={() => go('/track')}><b>查询进度</b><small>凭工单号和手机号</small></button>
      <button data-testid="home-evaluate" onClick={() => go('/evaluate')}><b>评价办理</b><small>对答复结果打分</small></button>
      <button data-testid="home-disclosure" onClick={() => go('/disclosure')}><b>信息公开</b><small>受理量与考核结果</small></button>
      <button data-testid="home-community" onClick={() => go('/community')}><b>社区共治</b><small>微实事投票、志愿服务</small></button>
    </nav>
  );
}

export function App() {
  const { path } = useRoute();
  const page = path === '/' && happyCodeOfPage() ? '/report' : path;
  return (
    <div className="portal">
      <header>
        <a href="#/" className="brand"><span className="logo">12345</span> 市民服务热线</a>
        <small>接诉即办 · 网上反映</small>
      </header>
      <main>
        {page === '/report' ? <ReportPage /> : page === '/track' ? <TrackPage /> : page === '/evaluate' ? <TrackPage evaluate /> : page === '/disclosure' ? <DisclosurePage /> : page === '/community' ? <CommunityPage /> : <Home />}
      </main>
      <footer>本页不需要注册账号。个人信息仅用于办理您的诉求。</footer>
    </div>
  );
}
