// The page's WebSocket: reconnects by itself with backoff (0.5 s doubling to 10 s, jittered)
// when the server restarts, and pings so a dead connection is noticed.
export function connectSocket({ onMessage, onState }) {
  let ws = null;
  let delay = 500;
  let pingTimer = null;
  let lastMessage = Date.now();

  function open() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    onState("connecting");
    ws = new WebSocket(`${scheme}//${location.host}/ws`);
    ws.onopen = () => {
      delay = 500;
      lastMessage = Date.now();
      onState("live");
      clearInterval(pingTimer);
      pingTimer = setInterval(() => {
        if (Date.now() - lastMessage > 45_000) ws.close();
        else if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: "ping" }));
      }, 15_000);
    };
    ws.onmessage = (event) => {
      lastMessage = Date.now();
      let msg;
      try {
        msg = JSON.parse(event.data);
      } catch {
        return;
      }
      onMessage(msg);
    };
    ws.onclose = () => {
      clearInterval(pingTimer);
      onState("down");
      const wait = delay * (0.75 + Math.random() * 0.5);
      delay = Math.min(10_000, delay * 2);
      setTimeout(open, wait);
    };
    ws.onerror = () => ws.close();
  }

  open();
  return {
    refresh() {
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: "refresh" }));
    },
  };
}
