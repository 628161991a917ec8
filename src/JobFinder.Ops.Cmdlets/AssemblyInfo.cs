// The cmdlet assembly: see Loading/ for how the engine is brought in.
