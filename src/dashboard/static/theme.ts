// Runs before first paint (a classic, blocking script) so a chosen theme never flashes the other one.
(() => {
  try {
    const saved = localStorage.getItem('bpm-theme');
    if (saved === 'light' || saved === 'dark') document.documentElement.dataset.theme = saved;
  } catch {
    // Storage may be disabled; the system preference applies.
  }
})();
