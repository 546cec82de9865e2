export declare function postgresBinDirs(): string[];
export declare function findBinary(name: string, extraDirs?: string[]): string | null;
export declare function findPostgresBinaries(): { initdb: string; pgCtl: string; postgres: string } | null;
export declare function osUser(name: string): { uid: number; gid: number } | null;
