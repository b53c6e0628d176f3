// What every sandboxed call evaluates first (as an internal source): it turns the host's plain data
// into frozen JS objects, so that a script sees native arrays and objects and cannot change them.
(function () {
    'use strict';
    function freeze(o) {
        if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
            Object.freeze(o);
            Object.getOwnPropertyNames(o).forEach(function (k) { freeze(o[k]); });
        }
        return o;
    }
    function response(r) {
        var out = { status: r.status, body: r.body, json: function () { return JSON.parse(this.body); } };
        if (r.error != null) out.error = r.error;
        return Object.freeze(out);
    }
    function timeout(options) {
        return options !== null && typeof options === 'object' && options.timeout !== undefined ? options.timeout : null;
    }
    return {
        rule: function (data, host) {
            var ctx = JSON.parse(data);
            ctx.http = {
                get: function (url, options) {
                    return response(host.get(String(url), timeout(options)));
                },
                post: function (url, body, options) {
                    var text = typeof body === 'string' ? body : JSON.stringify(body === undefined ? null : body);
                    var type = typeof body === 'string' ? 'text/plain' : 'application/json';
                    return response(host.post(String(url), text, type, timeout(options)));
                }
            };
            return freeze(ctx);
        },
        event: function (data) {
            return freeze(JSON.parse(data));
        },
        services: function (data) {
            return function services() { return JSON.parse(data); };
        },
        json: function (value) {
            var text = JSON.stringify(value === undefined ? null : value);
            return text === undefined ? 'null' : text;
        }
    };
})()
