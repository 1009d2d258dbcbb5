// The charts' colours, the workspace's own, for every place a chart is drawn (the workspace, the
// SVG and PNG files, the native Office charts).

/** WCAG AA on white: text 16.8:1, brand 7.4:1, muted 8.6:1. */
export const COLOURS = { brand: '#00587f', text: '#1b1b1f', muted: '#4a4a52', border: '#6b7280', line: '#c9d1d9', page: '#ffffff' };
/** Series colours for charts with several groups; each at least 4.5:1 on white. */
export const SERIES = ['00587F', 'A0461A', '5B3A8C', '2E6B30', '7A5200', 'A4161A', '3D4F5C', '8B2F6B'];
