import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { commands } from "./lib/bindings";

const target = document.getElementById("app");
if (!target) throw new Error("#app missing");
const app = mount(App, { target });
// The first frame with the window drawn: its time goes into the app's log (and to the start-up
// benchmark, scripts/bench-start.sh).
requestAnimationFrame(() => void commands.startupPainted(performance.timeOrigin + performance.now()).catch(() => {}));
export default app;
