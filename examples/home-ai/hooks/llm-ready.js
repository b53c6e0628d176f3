// The llm's readiness rule (docs/hooks.md): READY only when llama-server's /health answers 200 AND
// /v1/models lists the model the stack needs. Asked every second by vigil, next to the provider probe.
var MODEL = 'qwen3-8b';

function ready(ctx) {
    var base = ctx.sockets[0].replace('tcp://', 'http://');
    var health = ctx.http.get(base + '/health', {timeout: 300});
    if (health.status === 0) return {state: 'starting', detail: health.error};
    if (health.status !== 200) return {state: 'warming', detail: '/health answers ' + health.status};
    var models = ctx.http.get(base + '/v1/models', {timeout: 300});
    if (models.status !== 200) return {state: 'warming', detail: '/v1/models answers ' + models.status};
    var listed = models.json().data.some(function (m) { return m.id === MODEL; });
    return listed ? {state: 'ready', detail: MODEL + ' listed'} : {state: 'idle', detail: MODEL + ' is not listed'};
}
