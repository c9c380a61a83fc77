// Stands in for optional packages a bundle must not pull in (ink's react-devtools-core hook).
export default {};
