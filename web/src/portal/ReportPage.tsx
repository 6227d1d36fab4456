// 我要反映: kind → description → up to 3 photos → place (GPS, map pin or address; or the 幸福码's place) →
// phone + one-time code → submit → the order number.
import { useEffect, useState } from 'react';
import { call, type Kind, type Place } from './api';
import { MapPin, type LatLng } from './MapPin';
import { OtpField } from './OtpField';
import { pickPhoto, type PickedPhoto } from './photos';
import { go, happyCodeOfPage } from './router';

type Where = 'gps' | 'map' | 'text';

export function ReportPage() {
  const [kinds, setKinds] = useState<Kind[]>([]);
  const [kind, setKind] = useState<string>('');
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [place, setPlace] = useState<Place | null>(null);
  const [placeNote, setPlaceNote] = useState<string | null>(null);
  const [where, setWhere] = useState<Where>('text');
  const [location, setLocation] = useState<LatLng | null>(null);
  const [address, setAddress] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [website, setWebsite] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ number: string; phone: string } | null>(null);

  useEffect(() => {
    call<{ items: Kind[] }>('/kinds').then((r) => setKinds(r.items), (e) => setError(e.message));
    const c = happyCodeOfPage();
    if (c) call<Place>(`/places/${encodeURIComponent(c)}`).then(setPlace, (e) => setPlaceNote(e.message));
  }, []);

  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    const room = 3 - photos.length;
    if (files.length > room) setError('最多上传 3 张照片。');
    const picked = await Promise.all(Array.from(files).slice(0, room).map(pickPhoto));
    setPhotos([...photos, ...picked]);
  };
  const locate = () => {
    setWhere('gps');
    setError(null);
    if (!navigator.geolocation) return setError('此浏览器无法定位，请在地图上选点或填写地址。');
    navigator.geolocation.getCurrentPosition(
      (p) => setLocation({ lat: Math.round(p.coords.latitude * 1e6) / 1e6, lng: Math.round(p.coords.longitude * 1e6) / 1e6 }),
      () => setError('定位失败（可能未允许定位），请在地图上选点或填写地址。'),
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!kind) return setError('请选择问题类型。');
    if (description.trim().length < 5) return setError('请用至少 5 个字描述问题。');
    if (!place && !location && !address.trim()) return setError('请提供问题地点：使用定位、在地图上选点或填写地址。');
    if (!/^\d{6}$/.test(code)) return setError('请填写短信中的 6 位验证码。');
    setBusy(true);
    try {
      const r = await call<{ number: string }>('/orders', {
        kind, description, address: address.trim() || undefined, location: location ?? undefined, name: name.trim() || undefined, phone, code,
        happyCode: place?.code ?? undefined, photos: photos.map((p) => ({ name: p.name, data: p.data })), website,
      });
      setDone({ number: r.number, phone });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <section className="card done" data-testid="portal-done">
        <h2>提交成功</h2>
        <p>您的诉求已受理，工单号：</p>
        <p className="number" data-testid="portal-number" data-number={done.number}>{done.number}</p>
        <p className="muted">我们已向您的手机发送受理短信。承办单位答复后，您可以凭工单号和手机号查询进度、评价办理结果。</p>
        <button className="primary" data-testid="portal-go-track" onClick={() => go(`/track?number=${done.number}`)}>查询办理进度</button>
      </section>
    );
  }
  return (
    <form className="card" onSubmit={submit} noValidate data-testid="portal-report">
      <h2>我要反映</h2>
      {place && <p className="place" data-testid="portal-place">幸福码定位：{place.fullName}</p>}
      {placeNote && <p className="warn" data-testid="portal-place-error">{placeNote}</p>}

      <div className="field">
        <span>问题类型 <em>*</em></span>
        <div className="kinds" role="radiogroup">
          {kinds.map((k) => (
            <button type="button" key={k.key} role="radio" aria-checked={kind === k.key} data-testid={`portal-kind-${k.key}`} className={kind === k.key ? 'kind on' : 'kind'} onClick={() => setKind(k.key)}>
              <b>{k.label}</b><small>{k.hint}</small>
            </button>
          ))}
        </div>
      </div>

      <label className="field">
        <span>问题描述 <em>*</em></span>
        <textarea data-testid="portal-description" rows={4} maxLength={2000} placeholder="请写清发生了什么、持续多久、有何影响" value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>

      <div className="field">
        <span>现场照片（选填，最多 3 张）</span>
        <div className="photos">
          {photos.map((p, i) => (
            <figure key={i}><img src={p.preview} alt={`照片 ${i + 1}`} /><button type="button" aria-label="删除" onClick={() => setPhotos(photos.filter((_, j) => j !== i))}>×</button></figure>
          ))}
          {photos.length < 3 && (
            <label className="add">＋<input data-testid="portal-photo-input" type="file" accept="image/*" multiple onChange={(e) => { void addPhotos(e.target.files); e.target.value = ''; }} /></label>
          )}
        </div>
      </div>

      {!place && (
        <div className="field">
          <span>问题地点 <em>*</em></span>
          <div className="tabs">
            <button type="button" data-testid="portal-where-gps" className={where === 'gps' ? 'on' : ''} onClick={locate}>手机定位</button>
            <button type="button" data-testid="portal-where-map" className={where === 'map' ? 'on' : ''} onClick={() => setWhere('map')}>地图选点</button>
            <button type="button" data-testid="portal-where-text" className={where === 'text' ? 'on' : ''} onClick={() => setWhere('text')}>填写地址</button>
          </div>
          {where === 'map' && <MapPin value={location} onChange={setLocation} />}
          {location && <small data-testid="portal-location">已选位置：{location.lat.toFixed(5)}, {location.lng.toFixed(5)}</small>}
        </div>
      )}
      <label className="field">
        <span>{place ? '具体位置（选填）' : '详细地址'}</span>
        <input data-testid="portal-address" maxLength={300} placeholder={place ? '如：3 号楼东侧' : '如：东街 88 号门口'} value={address} onChange={(e) => setAddress(e.target.value)} />
      </label>

      <label className="field">
        <span>您的称呼（选填）</span>
        <input data-testid="portal-name" maxLength={50} placeholder="如：王女士" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <OtpField purpose="submit" phone={phone} onPhone={setPhone} code={code} onCode={setCode} onError={setError} />
      {/* Honeypot: people never see it; robots that fill every field do. */}
      <label className="hp" aria-hidden="true">网站<input name="website" tabIndex={-1} autoComplete="off" value={website} onChange={(e) => setWebsite(e.target.value)} /></label>

      {error && <p className="error" role="alert" data-testid="portal-error">{error}</p>}
      <button className="primary" type="submit" data-testid="portal-submit" disabled={busy}>{busy ? '提交中…' : '提交'}</button>
      <p className="muted small">紧急情况请直接拨打 110、119、120 或 12345。</p>
    </form>
  );
}
