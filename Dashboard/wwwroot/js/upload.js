// Sends the chosen (or dropped) CSV to POST /api/batches over plain HTTP, not through the Blazor circuit: the browser
// streams the file from disk, reports bytes sent, and the page's circuit follows the server-side progress by job id.
const uploads = new Map();

export function attach(input, page, token) {
    input.addEventListener('change', async () => {
        const file = input.files && input.files[0];
        input.value = ''; // the same file can be chosen again
        if (!file) {
            return;
        }
        // The page decides from the header what the file is (a lead batch, or outcomes for earlier predictions).
        const header = (await file.slice(0, 65536).text()).split(/\r?\n/, 1)[0];
        const plan = await page.invokeMethodAsync('BeginUpload', file.name, file.size, header);
        if (plan) {
            send(plan.id, plan.url, file, page, token);
        }
    });
    input.dataset.ready = 'true'; // tests wait for this before choosing a file
}

function send(id, url, file, page, token) {
    const xhr = new XMLHttpRequest();
    uploads.set(id, xhr);
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.open('POST', url);
    xhr.setRequestHeader('RequestVerificationToken', token);
    xhr.setRequestHeader('X-Upload-Job', id);
    let last = 0;
    xhr.upload.onprogress = e => {
        const now = performance.now();
        if (now - last >= 100 || e.loaded === e.total) {
            last = now;
            page.invokeMethodAsync('OnBytesSent', e.loaded, e.total);
        }
    };
    const done = (kind) => {
        uploads.delete(id);
        page.invokeMethodAsync('OnUploadEnded', kind, xhr.status, kind === 'answered' ? xhr.responseText : '');
    };
    xhr.onload = () => done('answered');
    xhr.onerror = () => done('dropped');
    xhr.onabort = () => done('cancelled');
    xhr.send(form);
}

export function cancel(id) {
    const xhr = uploads.get(id);
    if (xhr) {
        xhr.abort();
    }
}
