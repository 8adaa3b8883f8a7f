// What was dropped on an import zone: one zip file, or a folder read through the File and Directory
// Entries API (every file with its path inside the folder). Entries must be taken during the drop event.

export type Dropped = { kind: 'zip'; file: File } | { kind: 'folder'; name: string; entries: FileSystemDirectoryEntry } | { kind: 'none' };

export function droppedItem(event: DragEvent): Dropped {
  const item = event.dataTransfer?.items[0];
  const entry = item?.webkitGetAsEntry?.();
  if (entry?.isDirectory) return { kind: 'folder', name: entry.name, entries: entry as FileSystemDirectoryEntry };
  const file = event.dataTransfer?.files[0];
  return file ? { kind: 'zip', file } : { kind: 'none' };
}

/** Every file under `dir`, with paths starting at the folder's own name (`my-model/model.json`). */
export async function filesOfFolder(dir: FileSystemDirectoryEntry): Promise<{ path: string; file: File }[]> {
  const out: { path: string; file: File }[] = [];
  const walk = async (folder: FileSystemDirectoryEntry, prefix: string): Promise<void> => {
    const reader = folder.createReader();
    // readEntries answers in batches (about 100 at a time in Chromium) until it gives an empty one.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) return;
      for (const entry of batch) {
        if (entry.isDirectory) await walk(entry as FileSystemDirectoryEntry, `${prefix}${entry.name}/`);
        else out.push({ path: `${prefix}${entry.name}`, file: await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)) });
      }
    }
  };
  await walk(dir, `${dir.name}/`);
  return out;
}
