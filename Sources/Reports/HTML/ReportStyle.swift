/// The report page's style sheet: system fonts, WCAG AA contrast, a print layout.
///
/// `base` is the palette, type and components (verdict card, facts, sections, tables, pills,
/// notes) that every HingeCheck page shares; the batch summary page builds on it so that the
/// pages look alike without a second copy of the palette.
public enum ReportStyle {
    /// Palette, type and shared components, for any HingeCheck page.
    public static let base = """
    :root {
      --ink: #1d2433; --muted: #566072; --line: #d9dee7; --paper: #ffffff; --wash: #f5f7fa;
      --bad: #b42318; --bad-wash: #fdecea; --good: #067647; --good-wash: #e8f6ee;
      --unknown: #4a5568; --unknown-wash: #eef1f5; --accent: #1f4e9c;
    }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; background: var(--wash); color: var(--ink);
      font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif; }
    main { max-width: 1040px; margin: 0 auto; padding: 28px 24px 48px; }
    h1, h2, h3 { line-height: 1.25; margin: 0; }
    h2 { font-size: 1.3rem; margin-bottom: 4px; }
    p { margin: 0 0 10px; }
    .eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: .78rem; font-weight: 600; color: var(--muted); margin-bottom: 8px; }
    .verdict { background: var(--paper); border-radius: 14px; padding: 26px 28px 22px; border-left: 10px solid var(--unknown);
      box-shadow: 0 1px 2px rgba(16,24,40,.06); margin-bottom: 22px; }
    .verdict.bad { border-left-color: var(--bad); } .verdict.good { border-left-color: var(--good); }
    .verdict h1 { font-size: 2rem; margin-bottom: 10px; }
    .verdict.bad h1 { color: var(--bad); } .verdict.good h1 { color: var(--good); } .verdict.unknown h1 { color: var(--unknown); }
    .verdict .lead { font-size: 1.1rem; max-width: 60em; }
    .facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(128px, 1fr)); gap: 10px; margin: 18px 0 0; }
    .facts div { background: var(--wash); border-radius: 10px; padding: 10px 14px; }
    .facts dt { font-size: .8rem; color: var(--muted); }
    .facts div { min-width: 0; }
    /* A long word ("silhouette") in a 96 px phone tile breaks instead of running out of it. */
    .facts dd { margin: 2px 0 0; font-size: 1.2rem; font-weight: 650; line-height: 1.3; overflow-wrap: anywhere; hyphens: auto; }
    .facts dd.caption { margin: 0; font-size: .75rem; font-weight: 400; color: var(--muted); }
    section { background: var(--paper); border-radius: 14px; padding: 22px 26px; margin-bottom: 22px;
      box-shadow: 0 1px 2px rgba(16,24,40,.06); }
    .hint { color: var(--muted); font-size: .92rem; }
    table { border-collapse: collapse; width: 100%; margin-top: 12px; font-variant-numeric: tabular-nums; }
    th, td { text-align: right; padding: 9px 10px; border-bottom: 1px solid var(--line); white-space: nowrap; }
    th:first-child, td:first-child, th.left, td.left { text-align: left; }
    th { font-size: .8rem; font-weight: 600; color: var(--muted); vertical-align: bottom; white-space: normal; }
    tr.bad td { background: #fff7f6; }
    .table-wrap { overflow-x: auto; margin-bottom: 10px; }
    .pill { display: inline-block; border-radius: 999px; padding: 1px 10px; font-size: .82rem; font-weight: 700; letter-spacing: .02em; }
    .pill.bad { background: var(--bad-wash); color: var(--bad); } .pill.good { background: var(--good-wash); color: var(--good); }
    .pill.unknown { background: var(--unknown-wash); color: var(--unknown); }
    ul.notes { margin: 8px 0 0; padding-left: 20px; } ul.notes li { margin-bottom: 6px; }
    .warn li::marker { color: #b54708; }
    footer { color: var(--muted); font-size: .85rem; padding: 0 6px; }
    code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: .9em; }
    @media (max-width: 640px) { main { padding: 14px 10px 30px; } .verdict { padding: 18px 16px 16px; border-left-width: 7px; }
      .verdict h1 { font-size: 1.5rem; } section { padding: 16px; }
      .facts { grid-template-columns: repeat(auto-fit, minmax(96px, 1fr)); } }
    /* On a phone or a tablet held upright a wide table becomes one card per row: its cells in as
       many columns as fit (two on a phone), each named by its column (data-label) above its
       value, so no column is clipped, the page never scrolls sideways, and a card stays short.
       Screens only: a printed A4 page is narrower than 820 CSS px and keeps the table. */
    @media screen and (max-width: 820px) {
      table.cards, table.cards tbody { display: block; width: 100%; }
      table.cards thead { display: none; }
      table.cards tr { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); column-gap: 14px;
        border: 1px solid var(--line); border-radius: 10px; margin-bottom: 10px; padding: 6px 12px; }
      table.cards td { display: block; text-align: left; white-space: normal; overflow-wrap: anywhere; padding: 5px 0;
        border-bottom: 0; min-width: 0; }
      table.cards td::before { content: attr(data-label); display: block; color: var(--muted); font-size: .75rem; font-weight: 600; }
      table.cards tr.bad { background: #fff7f6; } table.cards tr.bad td { background: none; }
      .table-wrap { overflow-x: visible; }
    }
    """

    /// The per-input report page: `base` plus the gallery, charts, legends and its print layout.
    static let css = base + "\n" + """
    .gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 16px; margin-top: 14px; }
    figure { margin: 0; }
    .shot { border: 1px solid var(--line); border-radius: 12px; overflow: hidden; background: var(--paper); break-inside: avoid; }
    .shot.bad { border-color: var(--bad); box-shadow: 0 0 0 2px var(--bad-wash); }
    .shot img { display: block; width: 100%; height: auto; background: #111; }
    .shot figcaption { padding: 8px 12px 10px; font-size: .9rem; }
    .shot figcaption strong { display: block; }
    .gallery a.seek { display: block; }
    /* Charts: shapes in a stretched SVG, words in HTML over it (ChartFrame.swift says why). */
    .chart-box { margin-top: 8px; }
    .chart-ylabel { font-size: .8rem; color: var(--muted); }
    .plot { position: relative; margin: 24px 6px 46px 40px; }
    .plot.tall { height: 210px; } .plot.short { height: 180px; }
    .plot svg.chart { position: absolute; top: 0; left: 0; width: 100%; height: 100%; overflow: visible; display: block; }
    .chart line, .chart path, .chart rect { vector-effect: non-scaling-stroke; }
    .lbl { position: absolute; font-size: 12px; line-height: 1.1; color: var(--muted); white-space: nowrap; }
    .lbl.y { right: 100%; margin-right: 6px; transform: translateY(-50%); }
    .lbl.x { top: 100%; margin-top: 7px; transform: translateX(-50%); }
    .lbl.x-end { top: 100%; right: 0; margin-top: 25px; }
    .lbl.rep { bottom: 100%; margin-bottom: 5px; transform: translateX(-50%); font-weight: 600; }
    .lbl.limit { right: 4px; transform: translateY(-100%); margin-top: -3px; color: var(--bad); font-weight: 600;
      background: #fff; border-radius: 3px; padding: 0 3px; }
    .lbl.bar-value { transform: translate(-50%, -100%); margin-top: -4px; font-weight: 600; color: var(--ink); }
    a.lbl { color: var(--accent); text-decoration: none; }
    a.lbl:hover, a.lbl:focus-visible { text-decoration: underline; }
    .chart .grid { stroke: #e8ebf0; stroke-width: 1; }
    .chart .axis, .chart .tick-mark { stroke: #9aa3b2; stroke-width: 1; }
    .chart .rep-band { fill: #f3f5f8; } .chart .rep-band.odd { fill: #eaeef3; }
    .chart .lost { fill: rgba(180,35,24,.18); }
    .chart .threshold { stroke: var(--bad); stroke-width: 1.5; stroke-dasharray: 6 4; }
    .chart .line-lumbar { fill: none; stroke: var(--accent); stroke-width: 2.2; stroke-linejoin: round; }
    .chart .line-lumbar-faint { fill: none; stroke: #8da6cf; stroke-width: 1.2; stroke-dasharray: 2 3; }
    .chart .line-trunk { fill: none; stroke: #6b3fa0; stroke-width: 2.2; stroke-linejoin: round; }
    .chart .bar.bad { fill: var(--bad); } .chart .bar.good { fill: var(--good); } .chart .bar.unknown { fill: #a0aec0; }
    .chart .bar.partial { fill-opacity: .55; }
    .chart .trend { stroke: var(--ink); stroke-width: 2; stroke-dasharray: 8 5; }
    /* The video, the links that seek it, the advice and the notes on the numbers. */
    video { display: block; width: 100%; max-width: 640px; height: auto; margin-top: 10px; background: #111; border-radius: 10px; }
    a.seek { color: var(--accent); text-decoration: none; }
    a.seek:hover, a.seek:focus-visible { text-decoration: underline; }
    tr[data-t] { cursor: pointer; } tr[data-t]:hover td { background: #eef3fb; }
    ol.advice { list-style: none; padding: 0; margin: 12px 0 8px; display: grid; gap: 10px; }
    ol.advice li { border-left: 5px solid var(--accent); background: var(--wash); border-radius: 8px; padding: 10px 14px; }
    ol.advice li.advice-stop-set, ol.advice li.advice-lower-load { border-left-color: var(--bad); }
    ol.advice li.advice-keep { border-left-color: var(--good); }
    ol.advice li.advice-watch, ol.advice li.advice-refilm { border-left-color: #b54708; }
    ol.advice p { margin: 4px 0 0; }
    ol.advice .source { font-size: .82rem; color: var(--muted); overflow-wrap: anywhere; }
    sup a.fn { font-size: .75rem; font-weight: 700; color: var(--accent); text-decoration: none; margin-left: 2px; }
    details.numbers { font-size: .85rem; color: var(--muted); margin-top: 8px; }
    details.numbers summary { cursor: pointer; font-weight: 600; }
    details.numbers ol { margin: 6px 0 0; padding-left: 22px; } details.numbers li { margin-bottom: 4px; }
    details.numbers li:target { background: #fff6d6; }
    .legend { display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: .85rem; color: var(--muted); margin-top: 4px; }
    .key { display: inline-block; width: 18px; height: 10px; margin-right: 6px; vertical-align: middle; border-radius: 2px; }
    .key.lumbar { background: var(--accent); height: 3px; } .key.trunk { background: #6b3fa0; height: 3px; }
    .key.threshold { border-top: 2px dashed var(--bad); height: 0; }
    .key.lost { background: rgba(180,35,24,.25); } .key.rep { background: #eaeef3; }
    .key.trend { border-top: 2px dashed var(--ink); height: 0; }
    .chart-title { font-weight: 650; margin-top: 18px; }
    .trend-verdict { font-size: 1.05rem; font-weight: 600; }
    footer a { color: var(--accent); }
    @media (max-width: 800px) { th, td { padding: 7px 6px; } }
    /* Phones: two pictures a row instead of one full-width picture each (a 5-rep set took
       2,500 px of scrolling). */
    @media (max-width: 640px) {
      .gallery { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
      .shot figcaption { padding: 6px 8px 8px; font-size: .8rem; }
      .plot { margin-left: 34px; }
    }
    @media print {
      @page { margin: 12mm; }
      body { background: #fff; font-size: 10pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      main { max-width: none; padding: 0; }
      section, .verdict { box-shadow: none; border: 1px solid var(--line); padding: 12px 16px; margin-bottom: 10px; }
      .verdict { border-left-width: 8px; }
      .verdict h1 { font-size: 1.6rem; }
      .table-wrap { overflow: visible; }
      th, td { padding: 4px 5px; } th { white-space: normal; }
      .gallery { grid-template-columns: repeat(4, 1fr); gap: 8px; }
      .chart-box, figure, tr, .facts div, .legend, li { break-inside: avoid; }
      #video-section, script { display: none; }
      details.numbers { display: block; }
      h2, .chart-title { break-after: avoid; }
      footer a { color: inherit; text-decoration: none; }
    }
    """
}
